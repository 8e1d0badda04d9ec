using SecureStream.Proxy.Cli;

return await GatewayCommandLine.RunAsync(args);
