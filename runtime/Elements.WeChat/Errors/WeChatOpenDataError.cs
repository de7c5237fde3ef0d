namespace Elements.WeChat.Errors;

/// <summary>Why an open-data payload was rejected.</summary>
public enum WeChatOpenDataError
{
    /// <summary>session_key / iv / encryptedData is not Base64 or has the wrong length (key and iv must be 16 bytes).</summary>
    InvalidInput,

    /// <summary>
    /// PKCS#7 padding did not check out: the payload was not encrypted with this session_key (typically the key of
    /// another login) or it was tampered with.
    /// </summary>
    BadPadding,

    /// <summary>Decryption produced bytes that are not a JSON object: the wrong key (padding matched by chance) or corrupt data.</summary>
    NotJson,

    /// <summary>The payload has no watermark.appid.</summary>
    MissingWatermark,

    /// <summary>watermark.appid is another app's: the payload was produced for a different app.</summary>
    AppIdMismatch,

    /// <summary>signature != hex(sha1(rawData + session_key)).</summary>
    SignatureMismatch,
}
