using SecureStream.FirstFrame;

if (!FirstFrameOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(FirstFrameOptions.Usage);
    return 2;
}

return await FirstFrameBench.RunAsync(options);
