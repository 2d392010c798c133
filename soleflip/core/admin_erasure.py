"""The admin action "Anonymise (GDPR erasure)" for users and supplier accounts: Owner
only (who may delete the model: erasure destroys data as a delete does), with a
confirmation page like the admin's own delete. The model's service does the erasure and
leaves the audit trace; the action only asks and reports."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Model
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .erasure import ErasureRefused


class AnonymiseActionMixin:
    """Put before admin.ModelAdmin; define `anonymise(request, obj)` (calls the service)
    and `anonymise_explanation` (what is erased and what stays, shown before confirming)."""

    actions = ("anonymise_selected",)
    anonymise_explanation = ""
    # Each admin names its model's erasure service here (a method calling it).
    anonymise: Callable[[HttpRequest, Model], None]

    def has_anonymise_permission(self, request) -> bool:
        return self.has_delete_permission(request)

    @admin.action(description=gettext_lazy("Anonymise (GDPR erasure)"), permissions=["anonymise"])
    def anonymise_selected(self, request, queryset):
        opts = self.model._meta
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Anonymise (GDPR erasure)?"),
                "opts": opts,
                "queryset": queryset,
                "explanation": self.anonymise_explanation,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, "admin/anonymise_confirmation.html", context)
        done = 0
        for obj in queryset:
            try:
                self.anonymise(request, obj)
            except ErasureRefused as refused:
                self.message_user(request, f"{obj}: {refused}", messages.ERROR)
            else:
                done += 1
        if done:
            noun = opts.verbose_name if done == 1 else opts.verbose_name_plural
            self.message_user(
                request,
                ngettext("%(n)s %(noun)s anonymised.", "%(n)s %(noun)s anonymised.", done)
                % {"n": done, "noun": noun},
                messages.SUCCESS,
            )
        return None
