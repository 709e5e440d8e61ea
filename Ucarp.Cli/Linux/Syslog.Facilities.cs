using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

internal static partial class Syslog
{
    // glibc <sys/syslog.h> facilitynames[], the table Debian's ucarp 1.5.2 searches with strcasecmp
    // (src/syslognames.h is only its fallback for libcs without one). "none" is not a facility:
    // ucarp checks it before the table, and so must the caller.
    private static readonly (string Name, int Value)[] _facilities =
    [
        ("auth", LOG_AUTH),
        ("authpriv", LOG_AUTHPRIV),
        ("cron", LOG_CRON),
        ("daemon", LOG_DAEMON),
        ("ftp", LOG_FTP),
        ("kern", LOG_KERN),
        ("lpr", LOG_LPR),
        ("mail", LOG_MAIL),
        ("mark", INTERNAL_MARK),
        ("news", LOG_NEWS),
        ("security", LOG_AUTH),
        ("syslog", LOG_SYSLOG),
        ("user", LOG_USER),
        ("uucp", LOG_UUCP),
        ("local0", LOG_LOCAL0),
        ("local1", LOG_LOCAL1),
        ("local2", LOG_LOCAL2),
        ("local3", LOG_LOCAL3),
        ("local4", LOG_LOCAL4),
        ("local5", LOG_LOCAL5),
        ("local6", LOG_LOCAL6),
        ("local7", LOG_LOCAL7),
    ];

    internal static bool TryParseFacility(string name, out int facility)
    {
        foreach ((string candidate, int value) in _facilities)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                facility = value;
                return true;
            }
        }
        facility = 0;
        return false;
    }
}
