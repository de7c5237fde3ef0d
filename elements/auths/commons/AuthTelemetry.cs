namespace Elements.Std.Auths;

/// <summary>Names of the login metrics. Subscribe with <c>AddMeter(MeterName)</c>.</summary>
public static class AuthTelemetry
{
    public const string MeterName = "Elements.Auth";

    /// <summary>Histogram (seconds) of <c>AuthSvc.login</c> calls (its count is the login count), tagged with
    /// <see cref="LoginTypeTag"/> and <see cref="OutcomeTag"/>.</summary>
    public const string LoginDurationInstrument = "elements.auth.login.duration";

    /// <summary>The login element that issued the loginCode (e.g. <c>auths.loginTypes.MyWechatLogin</c>); absent when
    /// the code was not valid.</summary>
    public const string LoginTypeTag = "elements.login_type";

    /// <summary><c>ok</c> or the error code (AUTH_LOGIN_CODE_USED, AUTH_LOGIN_CODE_EXPIRED, ...).</summary>
    public const string OutcomeTag = "elements.outcome";

    /// <summary>Counter of password hashes and verifications actually run (each one PBKDF2 run), tagged with
    /// <see cref="OperationTag"/>. A guess refused by the lockout or by a full hashing queue is not counted.</summary>
    public const string PasswordHashesInstrument = "elements.auth.password.hashes";

    /// <summary>Histogram (seconds) of the same hashes' running time (not their wait for a turn).</summary>
    public const string PasswordHashDurationInstrument = "elements.auth.password.hash.duration";

    /// <summary>Counter of hashing calls refused with EL_BUSY because the hashing queue was full.</summary>
    public const string PasswordHashRejectedInstrument = "elements.auth.password.hash.rejected";

    /// <summary><see cref="VerifyOperation"/> or <see cref="HashOperation"/>.</summary>
    public const string OperationTag = "elements.operation";

    public const string VerifyOperation = "verify";

    public const string HashOperation = "hash";
}
