"""The base of every Wagtail image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``): the add and edit
pages, the chooser's upload tab and the multiple uploader. A new file is counted against the
user's picture uploads and re-encoded by ``marketplace.images.clean_upload`` while the form is
cleaned, so its errors show beside the field and what is stored carries no metadata, under a
random name. (The image model re-encodes any file that reaches it another way: see
``cms.services.image_file_strip``.)"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.images.forms import BaseImageForm

from marketplace.images import clean_upload, picture_upload_wait, too_many_uploads_message


class CleanImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # no new file: the stored one stays
        wait = picture_upload_wait(user=self.user)
        if wait:
            raise ValidationError(too_many_uploads_message(wait), code="throttled")
        try:
            clean = clean_upload(upload)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["file"]) from exc
        return clean.as_file()
