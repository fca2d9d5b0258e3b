"""Page-tree rules: which page types go where."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms import services
from cms.models import (
    GuideIndexPage,
    GuidePage,
    HomePage,
    InfoPage,
    StorefrontIndexPage,
    StorefrontPage,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_allowed_children(self):
        self.assertAllowedSubpageTypes(HomePage, {GuideIndexPage, StorefrontIndexPage, InfoPage})
        self.assertAllowedSubpageTypes(InfoPage, set())
        self.assertAllowedParentPageTypes(InfoPage, {HomePage})
        self.assertAllowedSubpageTypes(GuideIndexPage, {GuidePage})
        self.assertAllowedSubpageTypes(StorefrontIndexPage, {StorefrontPage})
        self.assertAllowedSubpageTypes(GuidePage, set())
        self.assertAllowedSubpageTypes(StorefrontPage, set())

    def test_allowed_parents(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(GuideIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(StorefrontIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(GuidePage, {GuideIndexPage})
        self.assertAllowedParentPageTypes(StorefrontPage, {StorefrontIndexPage})

    def test_guides_and_storefronts_only_under_their_index(self):
        self.assertCanCreateAt(GuideIndexPage, GuidePage)
        self.assertCanNotCreateAt(HomePage, GuidePage)
        self.assertCanNotCreateAt(StorefrontIndexPage, GuidePage)
        self.assertCanNotCreateAt(GuideIndexPage, StorefrontPage)

    def test_storefronts_are_made_by_the_service_not_by_hand(self):
        # The tree allows it (the service puts it there), but bound to a business by
        # cms.services.storefront_ensure only: the admin cannot add one by hand.
        self.assertCanCreateAt(StorefrontIndexPage, StorefrontPage)
        sections = services.site_sections_ensure()
        assert not StorefrontPage.can_create_at(sections.storefronts)
        assert GuidePage.can_create_at(sections.guides)

    def test_one_library_and_one_storefront_index_per_home_page(self):
        sections = services.site_sections_ensure()
        home = sections.guides.get_parent().specific
        assert not GuideIndexPage.can_create_at(home)
        assert not StorefrontIndexPage.can_create_at(home)
        english_home = home.get_translation(home.locale.__class__.objects.get(language_code="en"))
        assert not GuideIndexPage.can_create_at(english_home)

    def test_sections_exist_in_both_languages_and_are_linked(self):
        sections = services.site_sections_ensure()
        again = services.site_sections_ensure()
        assert again.guides.pk == sections.guides.pk
        translations = {
            page.locale.language_code: page.url_path
            for page in sections.guides.get_translations(inclusive=True)
        }
        assert translations == {"vi": "/home/cam-nang/", "en": "/home-en/guides/"}
        assert GuideIndexPage.objects.count() == 2
        assert StorefrontIndexPage.objects.count() == 2
