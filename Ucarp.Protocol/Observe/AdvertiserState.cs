namespace Ucarp.Protocol.Observe;

/// <summary>The observer's guess at an advertiser's state: in CARP only a master advertises.</summary>
public enum AdvertiserState
{
    /// <summary>Advertising: it believes it is master.</summary>
    Master,
    /// <summary>No advertisement for three of its intervals: a backup now, or gone.</summary>
    Silent,
    /// <summary>Its last advertisement was a bow-out (advbase 255, advskew 255): it is handing over.</summary>
    Leaving,
}
