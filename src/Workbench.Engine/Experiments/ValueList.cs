using System.Collections;

namespace Workbench.Engine;

/// <summary>
/// A read-only list equal to another with the same items in the same order. Specs are records, and a record compares
/// its properties with their own Equals: a spec's list parameters are held as value lists (<see cref="ValueList.Of{T}"/>
/// in their init accessors), so that two specs with the same values are equal.
/// </summary>
public sealed class ValueList<T>(IEnumerable<T> items) : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] items = [.. items];

    public T this[int index] => items[index];

    public int Count => items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && items.SequenceEqual(other.items);

    public override bool Equals(object? other) => other is ValueList<T> list && Equals(list);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(item);
        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", items)}]";
}

public static class ValueList
{
    /// <summary>The items as a <see cref="ValueList{T}"/> (null stays null).</summary>
    public static IReadOnlyList<T>? Of<T>(IReadOnlyList<T>? items) => items is null or ValueList<T> ? items : new ValueList<T>(items);

    public static ValueList<T> Of<T>(params T[] items) => new(items);
}
