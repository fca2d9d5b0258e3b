"""Forms of the reviews pages: a product review (stars, words, up to three pictures), the shop's
rating, a report and the shop's reply. Pictures are re-encoded while the form is cleaned
(``marketplace.images.clean_upload``), outside any transaction, so a bad file is a field error."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.images import clean_upload
from reviews.models import MAX_PHOTOS, MAX_REPLY, MAX_TEXT, ReportReason

STARS = [(str(n), str(n)) for n in range(5, 0, -1)]


class MultiplePictureInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PicturesField(forms.FileField):
    """Up to ``MAX_PHOTOS`` pictures, each re-encoded; cleans to a list of ``CleanImage``."""

    widget = MultiplePictureInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        uploads = (
            [upload for upload in (data or []) if upload]
            if isinstance(data, list)
            else ([data] if data else [])
        )
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(
                _("Choose at most %(count)d pictures.") % {"count": MAX_PHOTOS}, code="too_many"
            )
        cleaned = []
        for upload in uploads:
            super().clean(upload, initial)
            try:
                cleaned.append(clean_upload(upload))
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["file"]) from exc
        return cleaned


class ProductReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your review"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What did you like? How was it packed and delivered?"),
    )
    photos = PicturesField(
        label=_("Pictures (at most 3)"),
        required=False,
        help_text=_("JPEG, PNG or WebP. We remove location and camera details."),
    )

    def __init__(self, *args, existing_photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        if existing_photos:
            self.fields["remove_photos"] = forms.TypedMultipleChoiceField(
                label=_("Remove pictures"),
                required=False,
                coerce=int,
                choices=[(photo.pk, photo.pk) for photo in existing_photos],
                widget=forms.CheckboxSelectMultiple,
            )


class ShopReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating of the shop"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why?"), choices=ReportReason.choices)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_REPLY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown under the review, once: you cannot change it later."),
    )
