using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gongzhi.IntegrationTests;

static class Http
{
    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonNode.Parse(body.Length == 0 ? "null" : body) ?? JsonValue.Create(0);
    }

    /// <summary>Asserts a problem+json answer with the given status and stable code.</summary>
    public static async Task<JsonNode> Problem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var node = await response.Json(status);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        node["code"]!.GetValue<string>().Should().Be(code);
        node["title"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        return node;
    }

    public static MultipartFormDataContent File(string name, string content, string fileName)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content)), name, fileName);
        return form;
    }

    public static StringContent GeoJson(JsonNode node) => new(node.ToJsonString(), System.Text.Encoding.UTF8, "application/geo+json");

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    public static Task<T?> As<T>(this HttpResponseMessage r) => r.Content.ReadFromJsonAsync<T>(Web);
}
