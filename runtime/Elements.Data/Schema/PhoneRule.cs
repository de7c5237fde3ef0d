namespace Elements.Data.Schema;

/// <summary>Phone <c>rules</c>, named as in JitAi (<c>"rules": "mobileOrTel"</c>).</summary>
public enum PhoneRule
{
    /// <summary><c>eleven</c>: exactly 11 digits (a mobile number).</summary>
    Eleven,
    /// <summary><c>eight</c>: 8 to 11 digits.</summary>
    Eight,
    /// <summary><c>tel</c>: a landline, <c>[0 + 2-3 digit area code, optional '-'] 7-8 digits [-extension of 1-6 digits]</c>.</summary>
    Tel,
    /// <summary><c>mobileOrTel</c>: either of <see cref="Eleven"/> and <see cref="Tel"/>.</summary>
    MobileOrTel,
}
