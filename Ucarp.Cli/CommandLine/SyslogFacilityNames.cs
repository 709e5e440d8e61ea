using System.Text;

namespace Ucarp.Cli.CommandLine;

/// <summary>glibc's facilitynames[] (sys/syslog.h with SYSLOG_NAMES), which ucarp searches with strcasecmp.</summary>
internal static class SyslogFacilityNames
{
    private static readonly (string Name, SyslogFacility Facility)[] _names =
    [
        ("auth", SyslogFacility.Auth),
        ("authpriv", SyslogFacility.AuthPriv),
        ("cron", SyslogFacility.Cron),
        ("daemon", SyslogFacility.Daemon),
        ("ftp", SyslogFacility.Ftp),
        ("kern", SyslogFacility.Kern),
        ("lpr", SyslogFacility.Lpr),
        ("mail", SyslogFacility.Mail),
        ("mark", SyslogFacility.Mark),
        ("news", SyslogFacility.News),
        ("security", SyslogFacility.Auth),
        ("syslog", SyslogFacility.Syslog),
        ("user", SyslogFacility.User),
        ("uucp", SyslogFacility.Uucp),
        ("local0", SyslogFacility.Local0),
        ("local1", SyslogFacility.Local1),
        ("local2", SyslogFacility.Local2),
        ("local3", SyslogFacility.Local3),
        ("local4", SyslogFacility.Local4),
        ("local5", SyslogFacility.Local5),
        ("local6", SyslogFacility.Local6),
        ("local7", SyslogFacility.Local7),
    ];

    public static bool TryParse(string name, out SyslogFacility facility)
    {
        foreach ((string candidate, SyslogFacility value) in _names)
        {
            // strcasecmp folds ASCII letters only, as System.Text.Ascii does.
            if (Ascii.EqualsIgnoreCase(candidate, name))
            {
                facility = value;
                return true;
            }
        }

        facility = default;
        return false;
    }
}
