using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SecureStream.Policy.Settings;

/// <summary>
/// One configuration section checked the way the host's start checks it, without starting
/// anything: bound, then validated, every problem added. Shared by <c>check-config</c> and the
/// origin's own settings check, so both report a section alike.
/// </summary>
internal static class SectionCheck
{
    /// <summary>
    /// Adds every problem of <paramref name="section"/> in <paramref name="configuration"/> to <paramref name="problems"/>.
    /// <paramref name="bind"/> is the caller's <c>section.Get&lt;T&gt;()</c>: written where <typeparamref name="T"/>
    /// is known, the configuration binding generator emits its binder there (a generic call here would
    /// bind by reflection, which a trimmed gateway cannot).
    /// </summary>
    public static void Check<T>(IConfiguration configuration, string section, Func<IConfigurationSection, T?> bind, IValidateOptions<T> validator, ICollection<string> problems)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(problems);
        T options;
        try
        {
            options = bind(configuration.GetSection(section)) ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // A value of the wrong type (a word where a number belongs): named like any other problem.
            problems.Add($"{section}: {ex.Message}");
            return;
        }

        var result = validator.Validate(null, options);
        if (result.Failed)
        {
            foreach (var failure in result.Failures)
            {
                problems.Add(failure);
            }
        }
    }
}
