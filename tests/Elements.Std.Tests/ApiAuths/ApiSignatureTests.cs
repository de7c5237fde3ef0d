using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Elements.Std.ApiAuths;
using Elements.Testing.Repository;

namespace Elements.Std.Tests.ApiAuths;

/// <summary>The signature scheme against independent computations: openssl (a pasted vector and the README's bash
/// snippet run for real) and the BCL's HMAC classes.</summary>
public sealed partial class ApiSignatureTests
{
    private const string Secret = "s3cr3t-0123456789abcdef";
    private const string Path = "/api/demo/SampleApp/services/OrderSvc/getOrderList";
    private const long Timestamp = 1764064800000;
    private const string Nonce = "n0nce-000000000001";

    [Fact]
    public void Matches_a_vector_computed_with_openssl()
    {
        // printf 'POST\n/api/demo/SampleApp/services/OrderSvc/getOrderList\n1764064800000\nn0nce-000000000001\n%s' \
        //   "$(printf '%s' '{"page":1}' | openssl dgst -sha256 -r | cut -d' ' -f1)" | openssl dgst -sha256 -hmac 's3cr3t-0123456789abcdef'
        // (OpenSSL 3.0.19)
        var signature = ApiSignature.Compute(Secret, "POST", Path, Timestamp, Nonce, """{"page":1}"""u8);

        Assert.Equal("5565b190894470a2959d5db1c201c4042b04d5ea468d35724b2120d2b2670dcc", signature);
    }

    [Fact]
    public void Matches_a_vector_with_an_empty_body_computed_with_openssl()
    {
        // printf 'GET\n/api/x\n0\nabcdefgh\ne3b0c442...b855' | openssl dgst -sha256 -hmac 'another-secret-1234'
        var signature = ApiSignature.Compute("another-secret-1234", "get", "/api/x", 0, "abcdefgh", []);

        Assert.Equal("d01453e4d6d3952c0c223ee66d9875c787eb3dc39afcb2ee5f4937e33669e593", signature);
    }

    [Theory]
    [InlineData("POST", "/api/a/b/services/S/f", 1764064800123L, "0123456789abcdef", "{\"x\":\"é ✓ \\n\"}")]
    [InlineData("patch", "/p%20q", 1L, "ABCDEFGH_-", "")]
    public void Equals_an_independent_computation_with_the_HMAC_class(string method, string path, long timestamp, string nonce, string body)
    {
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        using var sha = SHA256.Create();
        var bodyHash = string.Concat(sha.ComputeHash(bodyBytes).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        var text = method.ToUpperInvariant() + "\n" + path + "\n" + timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + nonce + "\n" + bodyHash;
        var expected = string.Concat(hmac.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(expected, ApiSignature.Compute(Secret, method, path, timestamp, nonce, bodyBytes));
    }

    [Fact]
    public void Every_signed_part_changes_the_signature()
    {
        var body = """{"page":1}"""u8.ToArray();
        var baseline = ApiSignature.Compute(Secret, "POST", Path, Timestamp, Nonce, body);

        string[] variants =
        [
            ApiSignature.Compute(Secret + "x", "POST", Path, Timestamp, Nonce, body),
            ApiSignature.Compute(Secret, "PUT", Path, Timestamp, Nonce, body),
            ApiSignature.Compute(Secret, "POST", Path + "x", Timestamp, Nonce, body),
            ApiSignature.Compute(Secret, "POST", Path, Timestamp + 1, Nonce, body),
            ApiSignature.Compute(Secret, "POST", Path, Timestamp, Nonce + "x", body),
            ApiSignature.Compute(Secret, "POST", Path, Timestamp, Nonce, """{"page":2}"""u8),
        ];

        Assert.Equal(variants.Length + 1, variants.Append(baseline).Distinct().Count());
        Assert.Matches("^[0-9a-f]{64}$", baseline);
    }

    [Theory]
    [InlineData("POST\n", "/p", "nonce1234")]
    [InlineData("POST", "/p\nX", "nonce1234")]
    [InlineData("POST", "/p", "nonce\r1234")]
    public void A_line_break_in_a_signed_part_is_refused(string method, string path, string nonce)
    {
        Assert.Throws<ArgumentException>(() => ApiSignature.Compute(Secret, method, path, Timestamp, nonce, []));
    }

    [Theory]
    [InlineData("""{"page":1}""")]
    [InlineData("")]
    [InlineData("{\"note\":\"50% off, 'quoted' \\\\ é ✓\"}\n")]
    public async Task The_readme_bash_snippet_signs_like_ApiSignature(string body)
    {
        var snippet = ReadmeSigningLines();
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        // The snippet's inputs, as the lines above it in the README would set them.
        start.Environment["path"] = Path;
        start.Environment["ts"] = Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["nonce"] = Nonce;
        start.Environment["secret"] = Secret;
        start.Environment["body"] = body;
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(snippet + "\nprintf '%s' \"$sig\"\n");
        bash.StandardInput.Close();
        var output = await bash.StandardOutput.ReadToEndAsync();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.True(bash.ExitCode == 0, error);
        Assert.Equal(ApiSignature.Compute(Secret, "POST", Path, Timestamp, Nonce, Encoding.UTF8.GetBytes(body)), output);
    }

    /// <summary>The <c>hash=</c> and <c>sig=</c> lines of the README's bash client, exactly as documented.</summary>
    private static string ReadmeSigningLines()
    {
        var readme = File.ReadAllText(System.IO.Path.Combine(SampleApp.RepositoryRoot, "elements", "apiAuths", "README.md"));
        var block = SignBlock().Match(readme);
        Assert.True(block.Success, "the README has no <!-- sign:begin --> ... <!-- sign:end --> block");
        var lines = block.Groups[1].Value.Split('\n')
            .Where(l => l.StartsWith("hash=", StringComparison.Ordinal) || l.StartsWith("sig=", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, lines.Count);
        return string.Join("\n", lines);
    }

    [GeneratedRegex(@"<!-- sign:begin -->\s*```bash\n(.*?)```\s*<!-- sign:end -->", RegexOptions.Singleline)]
    private static partial Regex SignBlock();
}
