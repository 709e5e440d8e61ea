namespace Ucarp.Cli.CommandLine;

/// <summary>syslog.h facility codes (already shifted left by 3, as openlog() takes them).</summary>
internal enum SyslogFacility
{
    Kern = 0 << 3,
    User = 1 << 3,
    Mail = 2 << 3,
    Daemon = 3 << 3,
    Auth = 4 << 3,
    Syslog = 5 << 3,
    Lpr = 6 << 3,
    News = 7 << 3,
    Uucp = 8 << 3,
    Cron = 9 << 3,
    AuthPriv = 10 << 3,
    Ftp = 11 << 3,
    Local0 = 16 << 3,
    Local1 = 17 << 3,
    Local2 = 18 << 3,
    Local3 = 19 << 3,
    Local4 = 20 << 3,
    Local5 = 21 << 3,
    Local6 = 22 << 3,
    Local7 = 23 << 3,

    // INTERNAL_MARK (LOG_NFACILITIES << 3): glibc's facilitynames lists "mark", so ucarp takes it.
    Mark = 24 << 3,
}
