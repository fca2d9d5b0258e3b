"""Re-encodes every image stored before uploads were (issue #13): EXIF, GPS and other metadata
dropped, a random file name, old renditions deleted (they are made again from the clean file).
Run once after deploying; safe to run again (done images are skipped)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from marketplace.services import image_ensure_clean


class Command(BaseCommand):
    help = "Re-encode stored images that still carry their upload's metadata."

    def handle(self, *args, **options):
        done = failed = 0
        for image in get_image_model().objects.filter(reencoded=False).iterator(chunk_size=100):
            try:
                image_ensure_clean(image=image)
            except (ValidationError, OSError) as exc:
                failed += 1
                self.stderr.write(f"image {image.pk}: {exc}")
                continue
            done += 1
        self.stdout.write(f"{done} re-encoded, {failed} failed")
