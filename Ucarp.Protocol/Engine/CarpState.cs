namespace Ucarp.Protocol.Engine;

/// <summary>The states of a CARP virtual host (ip_carp.h).</summary>
public enum CarpState
{
    Init,
    Backup,
    Master,
}
