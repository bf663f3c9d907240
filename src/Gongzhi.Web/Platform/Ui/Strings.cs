namespace Gongzhi.Web.Platform.Ui;

/// <summary>Marker of the shared resources: Strings.resx (zh-CN, the default) and Strings.en.resx.</summary>
public sealed class Strings;
