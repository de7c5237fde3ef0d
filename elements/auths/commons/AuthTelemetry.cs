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
}
