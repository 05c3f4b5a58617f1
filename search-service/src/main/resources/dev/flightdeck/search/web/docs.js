// Starts Swagger UI on the service's own OpenAPI document; "Authorize" takes the API key.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
