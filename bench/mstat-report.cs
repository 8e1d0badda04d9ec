// What a native AOT executable is made of, from the compiler's size statistics (the .mstat file a
// publish with -p:IlcGenerateMstatFile=true writes to Proxy/obj/Release/net10.0/linux-x64/native/):
// type and method bytes by assembly and by namespace, and the data blobs (dehydrated type data,
// frozen objects, metadata, …). docs/benchmarks/memory-and-startup.md, "Native AOT: the last megabytes".
//
//   dotnet run bench/mstat-report.cs -- FILE.mstat [ASSEMBLIES=40] [NAMESPACES=60]
//
// The .mstat file is an ECMA-335 assembly whose global type has one method per table ("Types",
// "Methods", "Blobs"); each method's IL is a list of entries: ldtoken of the type or method, then
// its sizes as ldc.i4 (format 2 adds a name index per type and method), and for blobs ldstr name,
// ldc.i4 size. A generic instantiation counts towards the assembly of its generic definition.
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

using var stream = File.OpenRead(args[0]);
using var pe = new PEReader(stream);
var metadata = pe.GetMetadataReader();
var version = metadata.GetAssemblyDefinition().Version;
var top = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40;
var topNamespaces = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 60;

var tables = new Dictionary<string, List<object>>();
foreach (var handle in metadata.GetTypeDefinition(MetadataTokens.TypeDefinitionHandle(1)).GetMethods())
{
    var method = metadata.GetMethodDefinition(handle);
    tables[metadata.GetString(method.Name)] = Operands(pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader());
}

var typeEntry = version.Major == 1 ? 2 : 3;
var methodEntry = version.Major == 1 ? 4 : 5;
var rows = new List<(bool IsMethod, string Assembly, string Namespace, long Size)>();
var types = tables["Types"];
for (var i = 0; i + typeEntry <= types.Count; i += typeEntry)
{
    var type = (EntityHandle)types[i];
    rows.Add((false, AssemblyOf(type), NamespaceOf(type), (int)types[i + 1]));
}

var methods = tables["Methods"];
for (var i = 0; i + methodEntry <= methods.Count; i += methodEntry)
{
    // Code, GC info and exception-handling info.
    var method = (EntityHandle)methods[i];
    rows.Add((true, AssemblyOf(method), NamespaceOf(method), (int)methods[i + 1] + (int)methods[i + 2] + (int)methods[i + 3]));
}

var blobs = new List<(string Name, long Size)>();
var blobTable = tables["Blobs"];
for (var i = 0; i + 2 <= blobTable.Count; i += 2)
{
    blobs.Add(((string)blobTable[i], (int)blobTable[i + 1]));
}

Console.WriteLine($"mstat format {version.Major}.{version.Minor}: types {rows.Where(r => !r.IsMethod).Sum(r => r.Size):n0} bytes ({rows.Count(r => !r.IsMethod):n0}), " +
    $"methods {rows.Where(r => r.IsMethod).Sum(r => r.Size):n0} bytes ({rows.Count(r => r.IsMethod):n0}), blobs {blobs.Sum(b => b.Size):n0} bytes");
Console.WriteLine("\nby assembly: types + methods, methods alone, method count");
foreach (var group in rows.GroupBy(r => r.Assembly).OrderByDescending(g => g.Sum(r => r.Size)).Take(top))
{
    Console.WriteLine($"{group.Sum(r => r.Size),12:n0} {group.Where(r => r.IsMethod).Sum(r => r.Size),12:n0} {group.Count(r => r.IsMethod),7} {group.Key}");
}

Console.WriteLine("\nby namespace: types + methods, method count");
foreach (var group in rows.GroupBy(r => r.Assembly + " " + r.Namespace).OrderByDescending(g => g.Sum(r => r.Size)).Take(topNamespaces))
{
    Console.WriteLine($"{group.Sum(r => r.Size),12:n0} {group.Count(r => r.IsMethod),7} {group.Key}");
}

Console.WriteLine("\nblobs");
foreach (var (name, size) in blobs.OrderByDescending(b => b.Size).Take(25))
{
    Console.WriteLine($"{size,12:n0} {name}");
}

List<object> Operands(BlobReader il)
{
    var operands = new List<object>();
    while (il.RemainingBytes > 0)
    {
        var opcode = il.ReadByte();
        switch (opcode)
        {
            case 0xD0: // ldtoken
                operands.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                break;
            case 0x72: // ldstr
                operands.Add(metadata.GetUserString(MetadataTokens.UserStringHandle(il.ReadInt32() & 0xFFFFFF)));
                break;
            case 0x20: // ldc.i4
                operands.Add(il.ReadInt32());
                break;
            case 0x1F: // ldc.i4.s
                operands.Add((int)il.ReadSByte());
                break;
            case >= 0x15 and <= 0x1E: // ldc.i4.m1 … ldc.i4.8
                operands.Add(opcode - 0x16);
                break;
            case 0x00 or 0x26 or 0x2A: // nop, pop, ret
                break;
            default:
                throw new InvalidDataException($"unexpected IL opcode 0x{opcode:X2} in the mstat tables");
        }
    }

    return operands;
}

string AssemblyOf(EntityHandle handle)
{
    switch (handle.Kind)
    {
        case HandleKind.TypeReference:
            var scope = metadata.GetTypeReference((TypeReferenceHandle)handle).ResolutionScope;
            return scope.Kind switch
            {
                HandleKind.AssemblyReference => metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
                HandleKind.TypeReference => AssemblyOf((EntityHandle)scope),
                _ => "(other)",
            };
        case HandleKind.TypeSpecification:
            var signature = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
            var code = signature.ReadByte();
            if (code == 0x15) // generic instantiation: CLASS or VALUETYPE, then the definition
            {
                signature.ReadByte();
                return AssemblyOf(signature.ReadTypeHandle());
            }

            return code is 0x1D or 0x14 ? "(arrays)" : "(pointers and other constructed types)";
        case HandleKind.MemberReference:
            return AssemblyOf(metadata.GetMemberReference((MemberReferenceHandle)handle).Parent);
        case HandleKind.MethodSpecification:
            return AssemblyOf(metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
        default:
            return "(other)";
    }
}

string NamespaceOf(EntityHandle handle)
{
    switch (handle.Kind)
    {
        case HandleKind.TypeReference:
            var type = metadata.GetTypeReference((TypeReferenceHandle)handle);
            return type.ResolutionScope.Kind == HandleKind.TypeReference ? NamespaceOf((EntityHandle)type.ResolutionScope) : metadata.GetString(type.Namespace);
        case HandleKind.TypeSpecification:
            var signature = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
            if (signature.ReadByte() == 0x15)
            {
                signature.ReadByte();
                return NamespaceOf(signature.ReadTypeHandle());
            }

            return string.Empty;
        case HandleKind.MemberReference:
            return NamespaceOf(metadata.GetMemberReference((MemberReferenceHandle)handle).Parent);
        case HandleKind.MethodSpecification:
            return NamespaceOf(metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
        default:
            return string.Empty;
    }
}
