"""manage.py register_city_service --name NAME --organisation ORG --redirect-uri URI [...]
    --scope business_profile:read --purpose-vi TEXT --purpose-en TEXT

Registers a city service as an OAuth 2.0 / OpenID Connect client (confidential, authorization code
with PKCE) and prints its client id and secret once (only a hash of the secret is stored).
"""

from django.core.management.base import BaseCommand, CommandError
from oauth2_provider.generators import generate_client_secret

from identity.services import city_service_register


class Command(BaseCommand):
    help = "Register a city service that may ask owners to share their business profile."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--organisation", required=True, help="Shown on the consent screen.")
        parser.add_argument("--redirect-uri", action="append", required=True, dest="redirect_uris")
        parser.add_argument("--scope", action="append", required=True, dest="scopes")
        parser.add_argument("--purpose-vi", required=True)
        parser.add_argument("--purpose-en", required=True)

    def handle(self, *args, **options):
        secret = generate_client_secret()
        try:
            service = city_service_register(
                name=options["name"],
                organisation=options["organisation"],
                redirect_uris=options["redirect_uris"],
                scopes=options["scopes"],
                purpose_vi=options["purpose_vi"],
                purpose_en=options["purpose_en"],
                client_secret=secret,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"client_id={service.application.client_id}")
        self.stdout.write(f"client_secret={secret}")
        self.stdout.write("Keep the secret now: only its hash is stored.")
