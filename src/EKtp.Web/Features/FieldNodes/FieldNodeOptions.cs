using System.ComponentModel.DataAnnotations;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// The settings of section <c>FieldNode</c> that the pages around the sync engine read (docs/field-node-design.md
/// names them all; the engine's own options class is the whole of it).
/// </summary>
public class FieldNodeOptions
{
    public const string Section = "FieldNode";

    /// <summary>A node counts as connected while its last successful push is this recent (the hub reads it too).</summary>
    [Range(1, 3600)]
    public int ConnectedWithinSeconds { get; set; } = 15;
}
