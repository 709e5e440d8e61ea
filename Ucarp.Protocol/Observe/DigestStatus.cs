namespace Ucarp.Protocol.Observe;

/// <summary>The result of checking an advertiser's HMAC.</summary>
public enum DigestStatus
{
    /// <summary>No password was given, or the frame is VRRP.</summary>
    Unchecked,
    /// <summary>Signed with the password for a candidate virtual address (the one found).</summary>
    Ok,
    /// <summary>No candidate matches: another password, or a virtual address outside the searched subnets.</summary>
    Bad,
    /// <summary>Its first search waits for the HMAC budget (<see cref="VipDiscovery.DefaultHmacsPerSecond"/>): a flood of sources is being searched.</summary>
    Pending,
}
