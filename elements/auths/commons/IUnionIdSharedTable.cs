namespace Elements.Std.Auths;

/// <summary>Marks an <see cref="IUnionIdResolver"/> whose instances all read one shared table (asked once per lookup).</summary>
public interface IUnionIdSharedTable
{
}
