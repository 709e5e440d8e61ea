namespace Ucarp.Cli.Logging;

/// <summary>
/// One JSON Lines record: time, level, message, the instance it concerns (interface, vhid, vip),
/// then the event's fields that are set.
/// </summary>
internal static class JsonLogLine
{
    public static byte[] Format(DateTime utc, LogLevel level, string message, in LogEvent details)
    {
        var json = new JsonWriter();
        json.WriteStartObject();
        json.WriteString("time", Timestamps.Rfc3339Utc(utc));
        json.WriteString("level", EventNames.Level(level));
        json.WriteString("message", message);
        if (details.Instance is { } instance)
        {
            json.WriteString("interface", instance.Interface);
            json.WriteNumber("vhid", instance.Vhid);
            json.WriteString("vip", instance.Vip);
        }
        if (details.Event is { } name)
        {
            json.WriteString("event", name);
            WriteIfSet(json, "from", details.From);
            WriteIfSet(json, "to", details.To);
            WriteIfSet(json, "reason", details.Reason);
            WriteIfSet(json, "script", details.Script);
            if (name == "script")
            {
                // Always present for scripts: null says it did not exit normally (see signal) or never started.
                WriteNumberOrNull(json, "exit", details.Exit);
            }
            if (details.Signal is { } signal)
            {
                json.WriteNumber("signal", signal);
            }
            WriteIfSet(json, "source", details.Source);
        }
        json.WriteEndObject();
        json.WriteNewLine();
        return json.WrittenSpan.ToArray();
    }

    private static void WriteIfSet(JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
