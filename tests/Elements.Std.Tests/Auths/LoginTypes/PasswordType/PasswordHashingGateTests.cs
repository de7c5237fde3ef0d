using Elements.Std.Auths;
using Elements.Std.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elements.Std.Tests.Auths.LoginTypes.PasswordType;

/// <summary>The password hashing gate: its permit limit, its queue, EL_BUSY beyond it, and its configuration.</summary>
public sealed class PasswordHashingGateTests
{
    [Fact]
    public async Task With_one_permit_and_a_queue_of_one_the_second_call_waits_without_a_thread_and_the_third_is_refused_busy()
    {
        using var services = Services(new() { ["Elements:PasswordHashing:MaxConcurrency"] = "1", ["Elements:PasswordHashing:QueueLimit"] = "1" });
        var gate = services.GetRequiredService<PasswordHashingGate>();
        using var release = new ManualResetEventSlim();
        using var firstRunning = new ManualResetEventSlim();
        var running = 0;
        var maxRunning = 0;
        int Work()
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            firstRunning.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref running);
            return now;
        }

        var first = Task.Run(() => gate.RunAsync(AuthTelemetry.VerifyOperation, Work));
        Assert.True(firstRunning.Wait(TimeSpan.FromSeconds(30)));

        // Queued: the call returns at once with a pending task, so the caller's thread is not held while it waits.
        var second = gate.RunAsync(AuthTelemetry.VerifyOperation, Work);
        Assert.False(second.IsCompleted);

        var busy = await Assert.ThrowsAsync<AuthException>(() => gate.RunAsync(AuthTelemetry.VerifyOperation, Work));
        Assert.Equal(PasswordHashingGate.BusyCode, busy.Code);
        Assert.InRange((int)busy.Details!["retryAfterSeconds"]!, 1, 60);

        release.Set();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, maxRunning);
        Assert.Equal(1, await second);
    }

    [Fact]
    public async Task At_most_max_concurrency_real_hashes_run_at_once_and_each_is_counted()
    {
        using var services = Services(new() { ["Elements:PasswordHashing:MaxConcurrency"] = "2", ["Elements:PasswordHashing:QueueLimit"] = "64" });
        var gate = services.GetRequiredService<PasswordHashingGate>();
        using var counter = new PasswordHashCounter(services);
        var hash = await gate.HashAsync("correct horse battery");
        var running = 0;
        var maxRunning = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => gate.RunAsync(AuthTelemetry.VerifyOperation, () =>
        {
            InterlockedMax(ref maxRunning, Interlocked.Increment(ref running));
            try
            {
                return PasswordLoginElement.VerifyPassword(hash, i == 0 ? "correct horse battery" : "wrong " + i);
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        })));

        Assert.Equal(PasswordVerificationResult.Success, results[0]);
        Assert.All(results.Skip(1), r => Assert.Equal(PasswordVerificationResult.Failed, r));
        Assert.InRange(maxRunning, 1, 2);
        Assert.Equal(6, counter.Verifications);
        Assert.Equal(1, counter.Hashes);
    }

    [Fact]
    public void Defaults_leave_a_core_free_and_a_host_registration_wins()
    {
        using (var services = Services([]))
        {
            var gate = services.GetRequiredService<PasswordHashingGate>();
            Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), gate.MaxConcurrency);
            Assert.Equal(256, gate.QueueLimit);
        }

        var collection = new ServiceCollection();
        collection.AddMetrics();
        collection.AddSingleton<AuthMetrics>();
        collection.AddSingleton(sp => new PasswordHashingGate(Options.Create(new PasswordHashingOptions { MaxConcurrency = 5, QueueLimit = 3 }),
            sp.GetRequiredService<AuthMetrics>()));
        collection.AddElements().AddStdElements();
        using var provider = collection.BuildServiceProvider();
        Assert.Equal(5, provider.GetRequiredService<PasswordHashingGate>().MaxConcurrency);
    }

    [Fact]
    public void A_negative_setting_is_refused()
    {
        using var services = Services(new() { ["Elements:PasswordHashing:QueueLimit"] = "-1" });
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<PasswordHashingGate>());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        collection.AddElements().AddStdElements();
        return collection.BuildServiceProvider();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
