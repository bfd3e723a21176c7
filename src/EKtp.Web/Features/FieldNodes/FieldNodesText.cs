namespace EKtp.Web.Features.FieldNodes;

/// <summary>The localisation key for the pages around field nodes: the link banner, uploads, /admin/field-nodes.</summary>
public sealed class FieldNodesText;

