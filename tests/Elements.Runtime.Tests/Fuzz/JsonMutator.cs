using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Runtime.Tests.Fuzz;

/// <summary>
/// Deterministic mutations of one JSON file: byte-level damage (flips, truncation, insertions, deletions, invalid
/// UTF-8, BOMs, other encodings) and JSON-aware changes (wrong value kinds, deleted or duplicated keys, huge numbers,
/// deep nesting, very long strings, unknown or cyclic type names, odd <c>extends</c>, unbalanced placeholders,
/// hostile <c>frontBundleEntry</c> paths). The same seed always gives the same bytes.
/// </summary>
internal static class JsonMutator
{
    // Raw JSON text substituted for a marker string after serialisation, so values JsonNode cannot hold (1e400,
    // 10,000 nested arrays, duplicate keys) still reach the loader.
    private const string Marker = "__ELEMENTS_FUZZ_MARKER__";

    private static readonly string[] ReservedKeys =
    [
        "title", "type", "description", "tag", "icon", "backendBundleEntry", "frontBundleEntry", "accessModifier",
        "functionList", "variables", "$schema", "appId", "extends", "envVars", "settings", "name", "version",
        "authConfig", "appSecret", "allowRegister", "db", "fields", "table",
    ];

    private static readonly string[] PlainValues =
    [
        "null", "true", "false", "0", "-1", "1", "1.5", "-0", "0.0", "[]", "{}", "\"\"", "\" \"", "[1,2,3]", "[null]", "[[]]",
        "{\"x\":{}}", "\"x\"", "[\"a\",1,null,{}]", "{\"name\":5}", "[{\"name\":\"x\",\"args\":5}]",
        "[{\"name\":\"login\",\"loginRequired\":1e400}]", "[{\"name\":\"login\",\"loginRequired\":\"yes\",\"args\":[{\"name\":5},7]}]",
    ];

    private static readonly string[] NumberValues =
    [
        "1e400", "-1e400", "1E-400", "99999999999999999999999999999999", "-99999999999999999999999999999999",
        "1.0000000000000000000000000000001", "2147483648", "-2147483649", "9223372036854775808", "4294967296",
        "1e308", "0.1e-320", "123456789012345678901234567890e10",
    ];

    private static readonly string[] InvalidValues =
    [
        "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.", "undefined", "'single'", "tru", "nul", "\"unterminated",
        "\"\\x41\"", "\"\\u12\"", "\"\\", "[1,,2]", "{\"a\"}", "{\"a\":}", "{,}", "[,]",
    ];

    private static readonly string[] StringValues =
    [
        "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"", "\"\\u202e\"", "\"\\ufeff\"",
        "\"世界\"", "\"🎉\"", "\"\\n\\r\\t\"", "\"public\"", "\"protected\"", "\"private\"", "\"PUBLIC\"", "\"friends\"", "\"1\"",
        "\"Public\\u0000\"", "\"\\\\\"", "\"<script>\"", "\"'; DROP TABLE x; --\"", "\"..\"", "\".\"", "\"a..b\"", "\".a\"",
        "\"a.\"", "\"*\"", "\"#x=y\"", "\"services\"", "\"services.\"", "\"services.NormalTyp\"", "\"ＳＥＲＶＩＣＥＳ\"",
    ];

    private static readonly string[] PlaceholderValues =
    [
        "\"{{\"", "\"}}\"", "\"{{X\"", "\"X}}\"", "\"{{}}\"", "\"{{ }}\"", "\"{{ UNDEFINED_FUZZ_VAR }}\"", "\"}}{{\"",
        "\"{{{{WECHAT_OA_SECRET}}}}\"", "\"{{WECHAT_OA_SECRET}}\"", "\"{{WECHAT_OA_SECRET\"", "\"{{WECHAT_OA_SECRET}}{{\"",
        "\"{{1BAD}}\"", "\"{{a-b.c}}\"", "\"{{ WECHAT_OA_SECRET }} and {{WECHAT_MINI_SECRET}}\"", "\"{{\\u0000}}\"",
        "\"{{\\n}}\"", "\"{{$}}\"",
    ];

    private static readonly string[] BundlePaths =
    [
        "\"./nowhere.json\"", "\"../../../../../../../../etc/passwd.json\"", "\"/etc/hostname.json\"", "\"a\\u0000b.json\"",
        "\"\\u0000.json\"", "\"..json\"", "\".json\"", "\"e.json\"", "\"./e.json\"", "\"../app.json\"", "\"../../app.json\"",
        "\"../../../app.json\"", "\"C:\\\\x.json\"", "\"~/x.json\"", "\"*.json\"", "\"?.json\"", "\"./\"", "\".\"", "\"/\"",
        "\"/dev/null\"", "\"/proc/self/environ.json\"", "\"x.JSON\"", "\"\\\\\\\\server\\\\share\\\\x.json\"", "\"file:///x.json\"",
        "\"./sub/../e.json\"", "\"|.json\"", "\">.json\"", "\"\\u001f.json\"", "\"\\ud800.json\"", "\"   .json\"",
        "\"../../Std/app.json\"",
    ];

    private static readonly string[] ExtendsValues =
    [
        "[\"demo.SampleApp\"]", "[\"elements.std\"]", "[\"elements.std\",\"elements.std\"]", "[\"elements.st\"]", "[{\"appId\":5}]",
        "[{\"appId\":\"demo.SampleApp\"}]", "[{}]", "[null]", "[[]]", "[\"\"]", "\"elements.std\"", "{\"appId\":\"elements.std\"}",
        "[\"x\",\"y\",\"z\"]", "[{\"appId\":\"elements.std\",\"version\":5}]", "[\"../Std\"]", "[\"\\u0000\"]",
    ];

    private static readonly string[] FunctionLists =
    [
        "[{\"name\":\"login\",\"loginRequired\":1e400}]", "[{\"name\":\"login\",\"loginRequired\":-1e400}]",
        "[{\"name\":\"login\",\"loginRequired\":99999999999999999999999}]", "[{\"name\":\"login\",\"loginRequired\":null}]",
        "[{\"name\":\"\"}]", "[{\"name\":\" \"}]", "[{\"name\":\"a b\"}]", "[{\"name\":\"\\u0000\"}]", "[{\"name\":\"世界\"}]",
        "[{\"name\":\"x\",\"args\":[{\"name\":\"\"},{\"name\":null},{}]}]", "[{\"name\":\"x\",\"args\":{}}]",
        "[{\"name\":\"getLoginConfig\"},{\"name\":\"getLoginConfig\"}]", "[{\"name\":\"ToString\"}]", "[{\"name\":\"GetType\"}]",
        "[{\"name\":\"dispose\"}]", "[{\"name\":\".ctor\"}]", "[{\"name\":\"Finalize\"}]", "[{\"name\":\"getLoginConfig\",\"args\":[{\"name\":\"a\"},{\"name\":\"a\"}]}]",
        "[{\"name\":\"" + new string('f', 10_000) + "\"}]", "[" + string.Join(",", Enumerable.Repeat("{\"name\":\"f\"}", 2_000)) + "]",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0x80], [0xC3, 0x28], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF0, 0x9F, 0x98], [0xE2, 0x82], [0xC3], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private static readonly byte[] JsonBytes = "{}[],:\"\\ \n\t0123456789-+.eEtrufalsn/*'"u8.ToArray();

    /// <summary>The mutated bytes of <paramref name="original"/> and a short description of what was done.</summary>
    public static (byte[] Bytes, string Description) Mutate(byte[] original, string file, IReadOnlyList<string> elementNames, Random random)
    {
        // About a third byte-level, two thirds JSON-aware: the JSON-aware cases get past the parser into the loader.
        return random.Next(12) switch
        {
            < 4 => MutateBytes(original, random),
            _ => MutateJson(original, file, elementNames, random),
        };
    }

    private static (byte[], string) MutateBytes(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int Pos(bool inclusiveEnd = false) => bytes.Count == 0 ? 0 : random.Next(bytes.Count + (inclusiveEnd ? 1 : 0));
        switch (random.Next(16))
        {
            case 0:
            {
                var flips = random.Next(1, 5);
                for (var i = 0; i < flips && bytes.Count > 0; i++)
                {
                    var at = Pos();
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                return ([.. bytes], $"{flips} bit flip(s)");
            }

            case 1:
            {
                var at = Pos(inclusiveEnd: true);
                return ([.. bytes.Take(at)], $"truncated at {at}");
            }

            case 2:
            {
                var at = Pos(inclusiveEnd: true);
                var count = random.Next(1, 9);
                var inserted = Enumerable.Range(0, count).Select(_ => JsonBytes[random.Next(JsonBytes.Length)]).ToArray();
                bytes.InsertRange(at, inserted);
                return ([.. bytes], $"inserted '{Encoding.UTF8.GetString(inserted)}' at {at}");
            }

            case 3:
            {
                var at = Pos(inclusiveEnd: true);
                var inserted = Enumerable.Range(0, random.Next(1, 5)).Select(_ => (byte)random.Next(256)).ToArray();
                bytes.InsertRange(at, inserted);
                return ([.. bytes], $"inserted bytes {Convert.ToHexString(inserted)} at {at}");
            }

            case 4:
            {
                var at = Pos();
                var count = Math.Min(bytes.Count - at, random.Next(1, 20));
                bytes.RemoveRange(at, count);
                return ([.. bytes], $"deleted {count} byte(s) at {at}");
            }

            case 5:
            {
                var from = Pos();
                var count = Math.Min(bytes.Count - from, random.Next(1, 60));
                var slice = bytes.GetRange(from, count);
                var at = Pos(inclusiveEnd: true);
                bytes.InsertRange(at, slice);
                return ([.. bytes], $"duplicated {count} byte(s) from {from} at {at}");
            }

            case 6:
            {
                // Inside a string when possible: the tokenizer validates UTF-8 there too.
                var quotes = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] == (byte)'"').ToList();
                var at = quotes.Count > 0 ? quotes[random.Next(quotes.Count)] + 1 : Pos(inclusiveEnd: true);
                var sequence = InvalidUtf8[random.Next(InvalidUtf8.Length)];
                bytes.InsertRange(at, sequence);
                return ([.. bytes], $"invalid UTF-8 {Convert.ToHexString(sequence)} at {at}");
            }

            case 7:
                return (random.Next(3) switch
                {
                    0 => [0xEF, 0xBB, 0xBF, .. original],
                    1 => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. original],
                    _ => [.. original.Take(original.Length / 2), 0xEF, 0xBB, 0xBF, .. original.Skip(original.Length / 2)],
                }, "UTF-8 BOM(s)");

            case 8:
                return (random.Next(4) switch
                {
                    0 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(original))],
                    1 => Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(original)),
                    2 => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Encoding.UTF8.GetString(original))],
                    _ => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(Encoding.UTF8.GetString(original))],
                }, "re-encoded as UTF-16/UTF-32");

            case 9:
            {
                string[] wholes = ["", " ", "\n", "\0", "null", "[]", "\"x\"", "0", "{", "}", "[", "{}", "{}{}", "true", "/*", "//", "\uFEFF"];
                var whole = wholes[random.Next(wholes.Length)];
                return (Encoding.UTF8.GetBytes(whole), $"replaced by '{whole}'");
            }

            case 10:
            {
                string[] tails = [" x", "}", "]", "{}", ",", "// comment", "/*", "/* x */", "\0", "\n\n\n,", " null"];
                var tail = tails[random.Next(tails.Length)];
                return ([.. original, .. Encoding.UTF8.GetBytes(tail)], $"appended '{tail}'");
            }

            case 11:
            {
                // A comment (or an unterminated one) after a random comma.
                var commas = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] == (byte)',').ToList();
                string[] comments = ["/* c */", "// c\n", "/*", "/* /* */ */", "//", "/**/"];
                var comment = comments[random.Next(comments.Length)];
                var at = commas.Count > 0 ? commas[random.Next(commas.Count)] + 1 : 0;
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(comment));
                return ([.. bytes], $"comment '{comment}' at {at}");
            }

            case 12:
            {
                var at = Pos(inclusiveEnd: true);
                var count = random.Next(1, 4);
                bytes.InsertRange(at, Enumerable.Repeat((byte)0, count));
                return ([.. bytes], $"{count} NUL byte(s) at {at}");
            }

            case 13:
            {
                // Deep nesting in raw text, balanced or not, at a random position.
                var depth = random.Next(2) == 0 ? 10_000 : random.Next(60, 70);
                var balanced = random.Next(2) == 0;
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                var text = string.Concat(Enumerable.Repeat(open, depth)) + "1" + (balanced ? string.Concat(Enumerable.Repeat(close, depth)) : "");
                var at = Pos(inclusiveEnd: true);
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(text));
                return ([.. bytes], $"raw nesting {open}x{depth} (balanced: {balanced}) at {at}");
            }

            case 14:
            {
                // Swap two random bytes that are structural characters.
                var structural = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] is (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)':' or (byte)',' or (byte)'"').ToList();
                if (structural.Count < 2)
                {
                    return ([.. bytes], "no structural swap");
                }

                var a = structural[random.Next(structural.Count)];
                var b = structural[random.Next(structural.Count)];
                (bytes[a], bytes[b]) = (bytes[b], bytes[a]);
                return ([.. bytes], $"swapped bytes {a} and {b}");
            }

            default:
            {
                var at = Pos(inclusiveEnd: true);
                var text = random.Next(2) == 0 ? "\\" : "\\u";
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(text));
                return ([.. bytes], $"inserted '{text}' at {at}");
            }
        }
    }

    private static (byte[], string) MutateJson(byte[] original, string file, IReadOnlyList<string> elementNames, Random random)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(original, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            return MutateBytes(original, random);
        }

        if (root is not JsonObject obj)
        {
            return MutateBytes(original, random);
        }

        var isAppJson = file.EndsWith("/app.json", StringComparison.Ordinal);
        string raw;
        string description;
        switch (random.Next(isAppJson ? 11 : 10))
        {
            case 0:
            {
                // A random value anywhere replaced by a value of another kind.
                var (parent, key) = RandomSlot(obj, random);
                raw = AnyValue(random);
                SetMarker(parent, key);
                description = $"value at {Describe(parent, key)} := {Shorten(raw)}";
                break;
            }

            case 1:
            {
                var (parent, key) = RandomSlot(obj, random);
                if (parent is JsonObject o && key is string k)
                {
                    o.Remove(k);
                }
                else if (parent is JsonArray a && key is int i)
                {
                    a.RemoveAt(i);
                }

                raw = "";
                description = $"deleted {Describe(parent, key)}";
                break;
            }

            case 2:
            {
                // A reserved or config key of the root set to anything (required ones included).
                var key = ReservedKeys[random.Next(ReservedKeys.Length)];
                raw = ValueFor(key, elementNames, random);
                obj[key] = Marker;
                description = $"{key} := {Shorten(raw)}";
                break;
            }

            case 3:
            {
                // A required key deleted.
                var key = isAppJson ? "appId" : random.Next(2) == 0 ? "title" : "type";
                obj.Remove(key);
                raw = "";
                description = $"deleted required '{key}'";
                break;
            }

            case 4:
            {
                // Duplicate keys: the text gets a second (or first) occurrence of an existing or reserved key.
                var keys = obj.Select(p => p.Key).ToList();
                var key = keys.Count > 0 && random.Next(2) == 0 ? keys[random.Next(keys.Count)] : ReservedKeys[random.Next(ReservedKeys.Length)];
                var value = ValueFor(key, elementNames, random);
                var text = Serialize(obj);
                var property = $"{JsonSerializer.Serialize(key)}: {value}";
                var result = random.Next(2) == 0
                    ? "{" + property + (obj.Count > 0 ? "," : "") + text[1..]
                    : text[..text.LastIndexOf('}')] + (obj.Count > 0 ? "," : "") + property + "}";
                return (Encoding.UTF8.GetBytes(result), $"duplicate key {key}: {Shorten(value)}");
            }

            case 5:
            {
                // The type reference pointed at a known element: cycles, Instances as types, itself, private ones.
                raw = random.Next(6) == 0 ? StringValues[random.Next(StringValues.Length)] : JsonSerializer.Serialize(elementNames[random.Next(elementNames.Count)]);
                obj[isAppJson ? "appId" : "type"] = Marker;
                description = $"{(isAppJson ? "appId" : "type")} := {raw}";
                break;
            }

            case 6:
            {
                // A string value anywhere given a placeholder, balanced or not.
                var (parent, key) = RandomSlot(obj, random);
                raw = random.Next(8) == 0
                    ? "\"" + string.Concat(Enumerable.Repeat(random.Next(2) == 0 ? "{{" : "{{ a", 20_000)) + "\""
                    : PlaceholderValues[random.Next(PlaceholderValues.Length)];
                SetMarker(parent, key);
                description = $"value at {Describe(parent, key)} := {Shorten(raw)}";
                break;
            }

            case 7:
            {
                // Huge or very precise numbers, very long strings and keys, deep nesting as a value.
                var (parent, key) = RandomSlot(obj, random);
                raw = random.Next(4) switch
                {
                    0 => NumberValues[random.Next(NumberValues.Length)],
                    1 => "\"" + new string((char)random.Next('a', 'z' + 1), random.Next(2) == 0 ? 300_000 : 5_000) + "\"",
                    2 => Nested(random.Next(2) == 0 ? 10_000 : random.Next(58, 66), random.Next(2) == 0),
                    _ => "{" + JsonSerializer.Serialize(new string('k', 100_000)) + ": 1}",
                };
                SetMarker(parent, key);
                description = $"value at {Describe(parent, key)} := {Shorten(raw)}";
                break;
            }

            case 8:
            {
                // Structurally valid JSON that is not what the loader expects at the root.
                string[] roots = ["[]", "[{}]", "\"text\"", "42", "null", "true", "[" + Serialize(obj) + "]", "{\"a\": }"];
                var text = roots[random.Next(roots.Length)];
                return (Encoding.UTF8.GetBytes(text), $"root := {Shorten(text)}");
            }

            case 9:
            {
                // Keys renamed: case changes, whitespace, control characters.
                var keys = obj.Select(p => p.Key).ToList();
                if (keys.Count == 0)
                {
                    return MutateBytes(original, random);
                }

                var key = keys[random.Next(keys.Count)];
                string[] renames = [key.ToUpperInvariant(), " " + key, key + "\0", "", key + "\u200b", "$" + key, key.ToLowerInvariant()];
                var renamed = renames[random.Next(renames.Length)];
                var value = obj[key];
                obj.Remove(key);
                obj[renamed] = value;
                raw = "";
                description = $"renamed key '{key}' to {JsonSerializer.Serialize(renamed)}";
                break;
            }

            default:
            {
                raw = ExtendsValues[random.Next(ExtendsValues.Length)];
                obj["extends"] = Marker;
                description = $"extends := {raw}";
                break;
            }
        }

        var serialized = Serialize(obj);
        if (raw.Length > 0)
        {
            serialized = serialized.Replace("\"" + Marker + "\"", raw, StringComparison.Ordinal);
        }

        return (Encoding.UTF8.GetBytes(serialized), description);

        void SetMarker(JsonNode? parent, object? key)
        {
            switch (parent)
            {
                case JsonObject o when key is string k:
                    o[k] = Marker;
                    break;
                case JsonArray a when key is int i:
                    a[i] = Marker;
                    break;
                default:
                    obj["fuzz"] = Marker;
                    break;
            }
        }
    }

    private static string ValueFor(string key, IReadOnlyList<string> elementNames, Random random) => key switch
    {
        "type" when random.Next(2) == 0 => JsonSerializer.Serialize(elementNames[random.Next(elementNames.Count)]),
        "functionList" when random.Next(3) > 0 => FunctionLists[random.Next(FunctionLists.Length)],
        "frontBundleEntry" or "backendBundleEntry" when random.Next(3) > 0 => BundlePaths[random.Next(BundlePaths.Length)],
        "extends" when random.Next(3) > 0 => ExtendsValues[random.Next(ExtendsValues.Length)],
        "appId" when random.Next(2) == 0 => random.Next(3) switch
        {
            0 => "\"elements.std\"",
            1 => "\"demo.SampleApp\"",
            _ => StringValues[random.Next(StringValues.Length)],
        },
        _ => AnyValue(random),
    };

    private static string AnyValue(Random random) => random.Next(8) switch
    {
        0 or 1 => PlainValues[random.Next(PlainValues.Length)],
        2 => NumberValues[random.Next(NumberValues.Length)],
        3 => InvalidValues[random.Next(InvalidValues.Length)],
        4 or 5 => StringValues[random.Next(StringValues.Length)],
        6 => PlaceholderValues[random.Next(PlaceholderValues.Length)],
        _ => BundlePaths[random.Next(BundlePaths.Length)],
    };

    private static string Nested(int depth, bool arrays) => arrays
        ? string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth))
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + string.Concat(Enumerable.Repeat("}", depth));

    /// <summary>A random (parent, key) slot holding a value, the root's properties weighted like any other.</summary>
    private static (JsonNode? Parent, object? Key) RandomSlot(JsonObject root, Random random)
    {
        var slots = new List<(JsonNode, object)>();
        void Walk(JsonNode node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        slots.Add((o, key));
                        if (value is not null)
                        {
                            Walk(value);
                        }
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        slots.Add((a, i));
                        if (a[i] is { } item)
                        {
                            Walk(item);
                        }
                    }

                    break;
            }
        }

        Walk(root);
        return slots.Count == 0 ? (null, null) : slots[random.Next(slots.Count)];
    }

    private static string Describe(JsonNode? parent, object? key) =>
        parent is null ? "$.fuzz" : key is int i ? $"{parent.GetPath()}[{i}]" : $"{parent.GetPath()}.{key}";

    private static string Serialize(JsonNode node) => node.ToJsonString(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + $"…({s.Length} chars)";
}
