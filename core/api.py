"""The API's one error shape as a serializer, for the OpenAPI schema of every app's endpoints
(the shape itself is made by ``config.api.exception_handler``)."""

from rest_framework import serializers


class ApiErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ApiErrorSerializer(serializers.Serializer):
    """The one shape of every 4xx answer (made by ``config.api.exception_handler``), for schemas."""

    type = serializers.ChoiceField(choices=["validation_error", "client_error", "server_error"])
    errors = ApiErrorItemSerializer(many=True)
