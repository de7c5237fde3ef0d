using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elements.WeChatSandbox.Clock;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Wire;

namespace Elements.WeChatSandbox.State;

/// <summary>
/// Everything the fake WeChat knows, behind one lock: calls are tiny, so one lock is plenty fast and makes every
/// rule (single-use codes, token supersession, quotas) trivially race-free under concurrent tests.
/// WeChat-side methods return the exact response body (success or error).
/// </summary>
internal sealed class SandboxState(SandboxClock clock)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(7200);
    public static readonly TimeSpan SupersededGrace = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan StableRenewWindow = TimeSpan.FromSeconds(300);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(30);
    public static readonly TimeSpan InteractionWindow = TimeSpan.FromHours(48);
    public const int DefaultTokenQuota = 2000;
    public const int LoginsPerUserPerMinute = 100;
    public const int StableForceRefreshPerDay = 20;
    public static readonly TimeSpan StableForceRefreshSpacing = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxAppRegistration> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxUserRegistration> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CodeRecord> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AppTokenRecord> _appTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _latestClassic = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StableTokenState> _stable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserTokenRecord> _userTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshTokenRecord> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AppId, string UserId), List<string>> _sessions = [];
    private readonly Dictionary<(string AppId, string UserId), InteractionRecord> _interactions = [];
    private readonly Dictionary<(string AppId, string Path, DateOnly Day), int> _dailyCalls = [];
    private readonly Dictionary<(string AppId, DateOnly Day), int> _forcedRefreshes = [];
    private readonly Dictionary<(string AppId, string UserId, long Minute), int> _loginsPerMinute = [];
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FaultRecord>> _faults = new(StringComparer.Ordinal);
    private readonly List<SandboxMessage> _messages = [];

    public SandboxClock Clock => clock;

    private DateTimeOffset Now => clock.GetUtcNow();

    // WeChat's quotas reset at midnight Beijing time.
    private DateOnly Today => DateOnly.FromDateTime(Now.ToOffset(TimeSpan.FromHours(8)).DateTime);

    // ---------------------------------------------------------------- control side

    public void Reset()
    {
        lock (_gate)
        {
            _apps.Clear();
            _users.Clear();
            _codes.Clear();
            _appTokens.Clear();
            _latestClassic.Clear();
            _stable.Clear();
            _userTokens.Clear();
            _refreshTokens.Clear();
            _sessions.Clear();
            _interactions.Clear();
            _dailyCalls.Clear();
            _forcedRefreshes.Clear();
            _loginsPerMinute.Clear();
            _calls.Clear();
            _faults.Clear();
            _messages.Clear();
        }

        clock.Reset();
    }

    public SandboxAppRegistration RegisterApp(SandboxAppRegistration app)
    {
        if (string.IsNullOrWhiteSpace(app.AppId) || string.IsNullOrWhiteSpace(app.Secret))
        {
            throw new SandboxControlException(400, "appId and secret are required");
        }

        lock (_gate)
        {
            _apps[app.AppId] = app;
        }

        return app;
    }

    public IReadOnlyList<SandboxAppRegistration> Apps()
    {
        lock (_gate)
        {
            return [.. _apps.Values];
        }
    }

    public SandboxAppRegistration? FindApp(string appId)
    {
        lock (_gate)
        {
            return _apps.GetValueOrDefault(appId);
        }
    }

    public SandboxUserRegistration RegisterUser(SandboxUserRegistration user)
    {
        if (string.IsNullOrWhiteSpace(user.UserId))
        {
            throw new SandboxControlException(400, "userId is required");
        }

        user.UnionId = string.IsNullOrWhiteSpace(user.UnionId) ? "o" + Derive("union", user.UserId) : user.UnionId;
        lock (_gate)
        {
            _users[user.UserId] = user;
        }

        return user;
    }

    public IReadOnlyList<SandboxUserRegistration> Users()
    {
        lock (_gate)
        {
            return [.. _users.Values];
        }
    }

    public SandboxUserView ViewUser(string appId, string userId)
    {
        lock (_gate)
        {
            var (app, user) = RequireAppAndUser(appId, userId);
            return new SandboxUserView(user.UserId, app.AppId, OpenIdOf(app, user), UnionIdFor(app, user));
        }
    }

    public SandboxCode MintCode(CodeKind kind, string appId, string userId, string? scope = null)
    {
        lock (_gate)
        {
            RequireAppAndUser(appId, userId);
            var code = NewSecret(32);
            var now = Now;
            _codes[code] = new CodeRecord(kind, appId, userId, scope, now);
            return new SandboxCode(code, now + CodeLifetime);
        }
    }

    public void RecordInteraction(string appId, string userId)
    {
        lock (_gate)
        {
            RequireAppAndUser(appId, userId);
            _interactions[(appId, userId)] = new InteractionRecord(Now);
        }
    }

    public IReadOnlyList<SandboxMessage> Messages(string appId)
    {
        lock (_gate)
        {
            return [.. _messages.Where(m => m.AppId == appId)];
        }
    }

    public void AddFault(SandboxFault fault)
    {
        if (string.IsNullOrWhiteSpace(fault.Path) || !fault.Path.StartsWith('/'))
        {
            throw new SandboxControlException(400, "path must be an API path such as /cgi-bin/token");
        }

        lock (_gate)
        {
            if (!_faults.TryGetValue(fault.Path, out var planned))
            {
                _faults[fault.Path] = planned = [];
            }

            planned.Add(new FaultRecord(fault));
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public IReadOnlyDictionary<string, int> CallCounts()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_calls, StringComparer.Ordinal);
        }
    }

    public void ClearCallCounts()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }

    /// <summary>Counts a WeChat call and hands out the fault planned for it, if any: the oldest fault of the path whose
    /// <see cref="SandboxFault.Match"/> the call's query satisfies.</summary>
    public SandboxFault? BeginCall(string path, Func<string, string?> query)
    {
        lock (_gate)
        {
            _calls[path] = _calls.GetValueOrDefault(path) + 1;
            if (!_faults.TryGetValue(path, out var planned))
            {
                return null;
            }

            var index = planned.FindIndex(f => f.Matches(query));
            if (index < 0)
            {
                return null;
            }

            var fault = planned[index];
            if (--fault.Remaining <= 0)
            {
                planned.RemoveAt(index);
            }

            return fault.Fault;
        }
    }

    public SandboxEncryptedData EncryptProfile(string appId, string userId, string? sessionKey)
    {
        SandboxUserRegistration user;
        SandboxAppRegistration app;
        string key;
        lock (_gate)
        {
            (app, user) = RequireAppAndUser(appId, userId);
            var sessions = _sessions.GetValueOrDefault((appId, userId));
            if (sessions is null || sessions.Count == 0)
            {
                throw new SandboxControlException(409, $"user '{userId}' has not logged in to '{appId}' (exchange a login code first)");
            }

            if (sessionKey is not null && !sessions.Contains(sessionKey))
            {
                throw new SandboxControlException(404, "no login of this user produced that session_key");
            }

            key = sessionKey ?? sessions[^1];
        }

        // rawData and the encrypted profile use wx.getUserInfo's field names, not the sns/userinfo ones.
        var raw = new JsonObject
        {
            ["nickName"] = user.Nickname,
            ["gender"] = user.Sex,
            ["language"] = "zh_CN",
            ["city"] = user.City,
            ["province"] = user.Province,
            ["country"] = user.Country,
            ["avatarUrl"] = user.HeadImgUrl,
        };
        var rawData = raw.ToJsonString(SandboxJson.Wire);
        var payload = (JsonObject)raw.DeepClone();
        payload.Insert(0, "openId", OpenIdOf(app, user));
        if (UnionIdFor(app, user) is { } unionId)
        {
            payload["unionId"] = unionId;
        }

        payload["watermark"] = new JsonObject { ["timestamp"] = Now.ToUnixTimeSeconds(), ["appid"] = appId };

        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(key);
        var cipher = aes.EncryptCbc(Encoding.UTF8.GetBytes(payload.ToJsonString(SandboxJson.Wire)), iv, PaddingMode.PKCS7);
        var signature = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(rawData + key)));
        return new SandboxEncryptedData(Convert.ToBase64String(cipher), Convert.ToBase64String(iv), rawData, signature, key);
    }

    // ---------------------------------------------------------------- WeChat side

    public JsonObject Code2Session(string? appId, string? secret, string? jsCode)
    {
        lock (_gate)
        {
            if (CheckAppAndSecret(appId, secret, wrongSecret: 40125) is { } error)
            {
                return error;
            }

            if (string.IsNullOrEmpty(jsCode))
            {
                return WeChatErrorBodies.Create(41008);
            }

            if (ConsumeQuota(appId!, "/sns/jscode2session") is { } quota)
            {
                return quota;
            }

            if (ConsumeCode(jsCode, CodeKind.Login, appId!, out var code) is { } codeError)
            {
                return codeError;
            }

            // 45011: at most 100 logins per user per minute; the refused code stays usable, as on WeChat.
            var minute = (appId!, code!.UserId, Now.ToUnixTimeSeconds() / 60);
            var logins = _loginsPerMinute.GetValueOrDefault(minute);
            if (logins >= LoginsPerUserPerMinute)
            {
                code.Used = false;
                return WeChatErrorBodies.Create(45011);
            }

            _loginsPerMinute[minute] = logins + 1;
            var app = _apps[appId!];
            var user = _users[code.UserId];
            var sessionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            if (!_sessions.TryGetValue((app.AppId, user.UserId), out var sessions))
            {
                _sessions[(app.AppId, user.UserId)] = sessions = [];
            }

            sessions.Add(sessionKey);
            var body = new JsonObject { ["session_key"] = sessionKey, ["openid"] = OpenIdOf(app, user) };
            if (UnionIdFor(app, user) is { } unionId)
            {
                body["unionid"] = unionId;
            }

            return body;
        }
    }

    public JsonObject OAuthAccessToken(string? appId, string? secret, string? code, string? grantType)
    {
        lock (_gate)
        {
            if (grantType != "authorization_code")
            {
                return WeChatErrorBodies.Create(40002);
            }

            if (CheckAppAndSecret(appId, secret, wrongSecret: 40125) is { } error)
            {
                return error;
            }

            if (string.IsNullOrEmpty(code))
            {
                return WeChatErrorBodies.Create(41008);
            }

            if (ConsumeCode(code, CodeKind.OAuth, appId!, out var record) is { } codeError)
            {
                return codeError;
            }

            var app = _apps[appId!];
            var user = _users[record!.UserId];
            var openId = OpenIdOf(app, user);
            var scope = record.Scope ?? "snsapi_base";
            var refreshToken = NewSecret(64);
            _refreshTokens[refreshToken] = new RefreshTokenRecord(app.AppId, user.UserId, openId, scope, Now + RefreshTokenLifetime);
            var body = IssueUserToken(app, user, openId, scope, refreshToken);
            if (user.IsSnapshotUser)
            {
                body["is_snapshotuser"] = 1;
            }

            if (UnionIdFor(app, user) is { } unionId)
            {
                body["unionid"] = unionId;
            }

            return body;
        }
    }

    public JsonObject OAuthRefreshToken(string? appId, string? grantType, string? refreshToken)
    {
        lock (_gate)
        {
            if (grantType != "refresh_token")
            {
                return WeChatErrorBodies.Create(40002);
            }

            if (string.IsNullOrEmpty(appId))
            {
                return WeChatErrorBodies.Create(41002);
            }

            if (!_apps.TryGetValue(appId, out var app))
            {
                return WeChatErrorBodies.Create(40013);
            }

            if (string.IsNullOrEmpty(refreshToken) || !_refreshTokens.TryGetValue(refreshToken, out var record) || record.AppId != appId)
            {
                return WeChatErrorBodies.Create(40030);
            }

            if (Now >= record.ExpiresAt)
            {
                return WeChatErrorBodies.Create(42002);
            }

            return IssueUserToken(app, _users[record.UserId], record.OpenId, record.Scope, refreshToken);
        }
    }

    public JsonObject UserInfo(string? accessToken, string? openId, string? lang)
    {
        lock (_gate)
        {
            if (CheckUserToken(accessToken, openId, out var record) is { } error)
            {
                return error;
            }

            if (record!.Scope != "snsapi_userinfo")
            {
                return WeChatErrorBodies.Create(48001);
            }

            var app = _apps[record.AppId];
            var user = _users[record.UserId];
            var body = new JsonObject
            {
                ["openid"] = record.OpenId,
                ["nickname"] = user.Nickname,
                ["sex"] = user.Sex,
                ["language"] = lang is "zh_TW" or "en" ? lang : "zh_CN",
                ["city"] = user.City,
                ["province"] = user.Province,
                ["country"] = user.Country,
                ["headimgurl"] = user.HeadImgUrl,
                ["privilege"] = new JsonArray(),
            };
            if (UnionIdFor(app, user) is { } unionId)
            {
                body["unionid"] = unionId;
            }

            return body;
        }
    }

    public JsonObject SnsAuth(string? accessToken, string? openId)
    {
        lock (_gate)
        {
            return CheckUserToken(accessToken, openId, out _) ?? WeChatErrorBodies.Ok();
        }
    }

    public JsonObject ClassicToken(string? grantType, string? appId, string? secret)
    {
        lock (_gate)
        {
            if (grantType != "client_credential")
            {
                return WeChatErrorBodies.Create(40002);
            }

            // cgi-bin/token reports a wrong secret as 40001, unlike the other endpoints.
            if (CheckAppAndSecret(appId, secret, wrongSecret: 40001) is { } error)
            {
                return error;
            }

            if (ConsumeQuota(appId!, "/cgi-bin/token") is { } quota)
            {
                return quota;
            }

            var now = Now;
            if (_latestClassic.TryGetValue(appId!, out var previous) && _appTokens.TryGetValue(previous, out var old))
            {
                old.SupersededAt ??= now;
            }

            var token = NewAppToken(appId!, TokenKind.Classic, now + TokenLifetime);
            _latestClassic[appId!] = token;
            return new JsonObject { ["access_token"] = token, ["expires_in"] = (int)TokenLifetime.TotalSeconds };
        }
    }

    public JsonObject StableToken(JsonObject body)
    {
        lock (_gate)
        {
            var grantType = Text(body, "grant_type");
            var appId = Text(body, "appid");
            var secret = Text(body, "secret");
            var force = body["force_refresh"] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
            if (grantType != "client_credential")
            {
                return WeChatErrorBodies.Create(40002);
            }

            if (CheckAppAndSecret(appId, secret, wrongSecret: 40125) is { } error)
            {
                return error;
            }

            if (ConsumeQuota(appId!, "/cgi-bin/stable_token") is { } quota)
            {
                return quota;
            }

            var now = Now;
            if (!_stable.TryGetValue(appId!, out var state))
            {
                _stable[appId!] = state = new StableTokenState();
            }

            var current = state.Current is { } value2 ? _appTokens.GetValueOrDefault(value2) : null;
            if (force)
            {
                if (state.LastForcedAt is { } last && now - last < StableForceRefreshSpacing)
                {
                    return WeChatErrorBodies.Create(45011);
                }

                var forcedToday = _forcedRefreshes.GetValueOrDefault((appId!, Today));
                if (forcedToday >= StableForceRefreshPerDay)
                {
                    return WeChatErrorBodies.Create(45009);
                }

                _forcedRefreshes[(appId!, Today)] = forcedToday + 1;
                state.LastForcedAt = now;
            }
            else if (current is not null && current.ExpiresAt - now >= StableRenewWindow)
            {
                // Normal mode: everybody gets the same token until it nears expiry.
                return new JsonObject { ["access_token"] = state.Current, ["expires_in"] = (int)(current.ExpiresAt - now).TotalSeconds };
            }

            if (current is not null)
            {
                current.SupersededAt ??= now;
            }

            state.Current = NewAppToken(appId!, TokenKind.Stable, now + TokenLifetime);
            return new JsonObject { ["access_token"] = state.Current, ["expires_in"] = (int)TokenLifetime.TotalSeconds };
        }
    }

    public JsonObject CustomSend(string? accessToken, JsonObject body)
    {
        lock (_gate)
        {
            if (CheckAppToken(accessToken, out var app) is { } error)
            {
                return error;
            }

            var toUser = Text(body, "touser");
            var user = FindUserByOpenId(app!, toUser);
            if (user is null)
            {
                return WeChatErrorBodies.Create(40003);
            }

            var msgType = Text(body, "msgtype");
            var required = msgType switch
            {
                "text" => "content",
                "image" or "voice" => "media_id",
                "news" => "articles",
                "miniprogrampage" => "pagepath",
                "video" or "music" or "mpnews" or "msgmenu" or "wxcard" or "mpnewsarticle" => "",
                _ => null,
            };
            if (required is null)
            {
                return WeChatErrorBodies.Create(40008);
            }

            if (required.Length > 0 && (body[msgType!] as JsonObject)?[required] is null)
            {
                return WeChatErrorBodies.Create(47001);
            }

            var now = Now;
            if (!_interactions.TryGetValue((app!.AppId, user.UserId), out var interaction) || now - interaction.At > InteractionWindow)
            {
                return WeChatErrorBodies.Create(45015);
            }

            if (interaction.MessagesSent >= app.MessagesPerInteraction)
            {
                return WeChatErrorBodies.Create(45047);
            }

            if (ConsumeQuota(app.AppId, "/cgi-bin/message/custom/send") is { } quota)
            {
                return quota;
            }

            interaction.MessagesSent++;
            var kfAccount = (body["customservice"] as JsonObject)?["kf_account"]?.GetValue<string>();
            _messages.Add(new SandboxMessage(app.AppId, toUser!, user.UserId, msgType!, kfAccount, (JsonObject)body.DeepClone(), now));
            return WeChatErrorBodies.Ok();
        }
    }

    public JsonObject PhoneNumber(string? accessToken, JsonObject body)
    {
        lock (_gate)
        {
            if (CheckAppToken(accessToken, out var app) is { } error)
            {
                return error;
            }

            var codeText = Text(body, "code");
            if (string.IsNullOrEmpty(codeText))
            {
                return WeChatErrorBodies.Create(41008);
            }

            if (ConsumeCode(codeText, CodeKind.Phone, app!.AppId, out var code) is { } codeError)
            {
                return codeError;
            }

            var user = _users[code!.UserId];
            if (string.IsNullOrEmpty(user.Phone))
            {
                return WeChatErrorBodies.Create(40029, "user has no phone number bound");
            }

            var phoneNumber = user.CountryCode == "86" ? user.Phone : $"+{user.CountryCode}{user.Phone}";
            return new JsonObject
            {
                ["errcode"] = 0,
                ["errmsg"] = "ok",
                ["phone_info"] = new JsonObject
                {
                    ["phoneNumber"] = phoneNumber,
                    ["purePhoneNumber"] = user.Phone,
                    ["countryCode"] = user.CountryCode,
                    ["watermark"] = new JsonObject { ["timestamp"] = Now.ToUnixTimeSeconds(), ["appid"] = app.AppId },
                },
            };
        }
    }

    /// <summary>The consent page's "Allow": a code for the chosen user (minting a demo user when none exists).</summary>
    public string AuthorizeCode(string appId, string? userId, string scope)
    {
        lock (_gate)
        {
            var user = ResolveConsentingUser(userId);
            RequireAppAndUser(appId, user.UserId);
            var code = NewSecret(24);
            _codes[code] = new CodeRecord(CodeKind.OAuth, appId, user.UserId, scope, Now);
            return code;
        }
    }

    public SandboxUserRegistration ResolveConsentingUser(string? userId)
    {
        lock (_gate)
        {
            if (!string.IsNullOrEmpty(userId))
            {
                return _users.GetValueOrDefault(userId) ?? throw new SandboxControlException(404, $"unknown user '{userId}'");
            }

            if (_users.Count > 0)
            {
                return _users.Values.First();
            }
        }

        return RegisterUser(new SandboxUserRegistration { UserId = "demo", Nickname = "Sandbox User", Country = "CN", Province = "Guangdong", City = "Shenzhen" });
    }

    // ---------------------------------------------------------------- rules

    private JsonObject? CheckAppAndSecret(string? appId, string? secret, int wrongSecret)
    {
        if (string.IsNullOrEmpty(appId))
        {
            return WeChatErrorBodies.Create(41002);
        }

        if (!_apps.TryGetValue(appId, out var app))
        {
            return WeChatErrorBodies.Create(40013);
        }

        if (string.IsNullOrEmpty(secret))
        {
            return WeChatErrorBodies.Create(41004);
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(app.Secret))
            ? null
            : WeChatErrorBodies.Create(wrongSecret);
    }

    private JsonObject? ConsumeCode(string codeText, CodeKind kind, string appId, out CodeRecord? code)
    {
        if (!_codes.TryGetValue(codeText, out code) || code.Kind != kind || code.AppId != appId)
        {
            code = null;
            return WeChatErrorBodies.Create(40029);
        }

        if (code.Used)
        {
            return WeChatErrorBodies.Create(40163);
        }

        if (Now - code.IssuedAt > CodeLifetime)
        {
            return WeChatErrorBodies.Create(40029);
        }

        code.Used = true;
        return null;
    }

    private JsonObject? ConsumeQuota(string appId, string path)
    {
        var app = _apps[appId];
        var limit = app.DailyQuotas.TryGetValue(path, out var configured)
            ? configured
            : path == "/cgi-bin/token" ? DefaultTokenQuota : int.MaxValue;
        var key = (appId, path, Today);
        var used = _dailyCalls.GetValueOrDefault(key);
        if (used >= limit)
        {
            return WeChatErrorBodies.Create(45009);
        }

        _dailyCalls[key] = used + 1;
        return null;
    }

    private JsonObject? CheckAppToken(string? accessToken, out SandboxAppRegistration? app)
    {
        app = null;
        if (string.IsNullOrEmpty(accessToken))
        {
            return WeChatErrorBodies.Create(41001);
        }

        if (!_appTokens.TryGetValue(accessToken, out var token))
        {
            return WeChatErrorBodies.Create(40014);
        }

        var now = Now;
        if (token.SupersededAt is { } superseded && now - superseded > SupersededGrace)
        {
            return WeChatErrorBodies.Create(40001);
        }

        if (now >= token.ExpiresAt)
        {
            return WeChatErrorBodies.Create(42001);
        }

        app = _apps.GetValueOrDefault(token.AppId);
        return app is null ? WeChatErrorBodies.Create(40014) : null;
    }

    private JsonObject? CheckUserToken(string? accessToken, string? openId, out UserTokenRecord? record)
    {
        record = null;
        if (string.IsNullOrEmpty(accessToken))
        {
            return WeChatErrorBodies.Create(41001);
        }

        if (!_userTokens.TryGetValue(accessToken, out record))
        {
            return WeChatErrorBodies.Create(40001);
        }

        if (Now >= record.ExpiresAt)
        {
            return WeChatErrorBodies.Create(42001);
        }

        return record.OpenId == openId ? null : WeChatErrorBodies.Create(40003);
    }

    private JsonObject IssueUserToken(SandboxAppRegistration app, SandboxUserRegistration user, string openId, string scope, string refreshToken)
    {
        var accessToken = NewSecret(86);
        _userTokens[accessToken] = new UserTokenRecord(app.AppId, user.UserId, openId, scope, Now + TokenLifetime);
        return new JsonObject
        {
            ["access_token"] = accessToken,
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["refresh_token"] = refreshToken,
            ["openid"] = openId,
            ["scope"] = scope,
        };
    }

    private string NewAppToken(string appId, TokenKind kind, DateTimeOffset expiresAt)
    {
        var token = NewSecret(136);
        _appTokens[token] = new AppTokenRecord(appId, kind, expiresAt);
        return token;
    }

    private (SandboxAppRegistration App, SandboxUserRegistration User) RequireAppAndUser(string appId, string userId)
    {
        var app = _apps.GetValueOrDefault(appId) ?? throw new SandboxControlException(404, $"unknown app '{appId}'");
        var user = _users.GetValueOrDefault(userId) ?? throw new SandboxControlException(404, $"unknown user '{userId}'");
        return (app, user);
    }

    private SandboxUserRegistration? FindUserByOpenId(SandboxAppRegistration app, string? openId) =>
        string.IsNullOrEmpty(openId) ? null : _users.Values.FirstOrDefault(user => OpenIdOf(app, user) == openId);

    private static string OpenIdOf(SandboxAppRegistration app, SandboxUserRegistration user) =>
        user.OpenIds.TryGetValue(app.AppId, out var fixedId) ? fixedId : "o" + Derive(app.AppId, user.UserId);

    private static string? UnionIdFor(SandboxAppRegistration app, SandboxUserRegistration user) =>
        string.IsNullOrEmpty(app.OpenPlatformId) ? null : user.UnionId;

    // Stable per (scope, id) so openids survive sandbox restarts, 27 chars like WeChat's after the leading 'o'.
    private static string Derive(string scope, string id) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + id)))
            .Replace('+', '-').Replace('/', '_')[..27];

    private static string NewSecret(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
