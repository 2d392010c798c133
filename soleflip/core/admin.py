from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from soleflip.lib.formats import format_number, format_percent

from .admin_erasure import AnonymiseActionMixin
from .admin_utils import (
    EMPTY,
    ReadOnlyJSONMixin,
    ViewOnlyAdminMixin,
    pretty_json,
    secret_form_field,
    secret_status,
)
from .models import ImportBatch, ImportRecord, LoginEvent, SystemConfig, User
from .services import anonymise_user

admin.site.site_header = gettext_lazy("SoleFlip admin")
admin.site.site_title = gettext_lazy("SoleFlip admin")
admin.site.index_title = gettext_lazy("Back office data")

RECORDS_PREVIEW_LIMIT = 50


@admin.register(User)
class UserAdmin(AnonymiseActionMixin, DjangoUserAdmin):
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "is_superuser",
        "is_active",
        "last_login",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    ordering = ("username",)
    date_hierarchy = "date_joined"
    anonymise_explanation = gettext_lazy(
        "The username becomes erased-<id>; names and email are cleared; the password is made "
        "unusable and the login inactive, without roles. Its log-in records lose the "
        "username, IP address and browser. What it did (imports, pair history, admin log) "
        "stays and still points at it."
    )

    def anonymise(self, request, obj) -> None:
        anonymise_user(user=obj, by=request.user)


class SystemConfigForm(forms.ModelForm):
    """The value is write-only: the form never carries the current secret."""

    new_value = secret_form_field(gettext_lazy("New value"))

    class Meta:
        model = SystemConfig
        fields = ("key", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["new_value"].label = _("Value")
            self.fields["new_value"].required = True
            self.fields["new_value"].help_text = _("Write-only: it is stored encrypted.")

    def save(self, commit=True):
        new_value = self.cleaned_data.get("new_value")
        if new_value:
            self.instance.value = new_value
        return super().save(commit=commit)


@admin.register(SystemConfig)
class SystemConfigAdmin(admin.ModelAdmin):
    """Only superusers and users with the systemconfig permissions get here (default model
    permissions). SystemConfig.value is never rendered anywhere."""

    form = SystemConfigForm
    list_display = ("key", "value_status", "description", "updated_at")
    search_fields = ("key", "description")
    ordering = ("key",)
    readonly_fields = ("value_status", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("key", "description")}),
        (gettext_lazy("Secret value"), {"fields": ("value_status", "new_value")}),
        (
            gettext_lazy("Timestamps"),
            {"fields": ("created_at", "updated_at"), "classes": ("collapse",)},
        ),
    )

    @admin.display(description=gettext_lazy("value"))
    def value_status(self, obj):
        if obj is None or obj.pk is None:
            return _("not set")
        return secret_status(obj.value)


class ImportRecordStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("has errors")
    parameter_name = "has_errors"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=ImportRecord.Status.REJECTED)
        if self.value() == "no":
            return queryset.exclude(status=ImportRecord.Status.REJECTED)
        return queryset


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    json_fields = ("summary",)
    list_display = (
        "id",
        "source_type",
        "source_file",
        "status",
        "dry_run",
        "total_records",
        "processed_records",
        "error_records",
        "created_records",
        "updated_records",
        "created_by",
        "created_at",
    )
    list_display_links = ("id", "source_type")
    list_filter = ("source_type", "status", "dry_run", "skip_invalid")
    list_select_related = ("created_by",)
    search_fields = ("source_file", "error_message", "created_by__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = (
        "status",
        "total_records",
        "processed_records",
        "error_records",
        "created_records",
        "updated_records",
        "unchanged_records",
        "progress",
        "error_message",
        "created_by",
        "started_at",
        "completed_at",
        "created_at",
        "updated_at",
        "records_preview",
    )
    fieldsets = (
        (None, {"fields": ("source_type", "source_file", "file", "dry_run", "skip_invalid")}),
        (
            gettext_lazy("Progress"),
            {
                "fields": (
                    "status",
                    "progress",
                    "total_records",
                    "processed_records",
                    "error_records",
                    "created_records",
                    "updated_records",
                    "unchanged_records",
                    "error_message",
                    "summary_pretty",
                )
            },
        ),
        (gettext_lazy("Rows"), {"fields": ("records_preview",)}),
        (
            gettext_lazy("Audit"),
            {"fields": ("created_by", "started_at", "completed_at", "created_at", "updated_at")},
        ),
    )

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, obj):
        return format_percent(obj.progress_percent / 100, 0)

    @admin.display(description=gettext_lazy("rows"))
    def records_preview(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:core_importrecord_changelist") + f"?batch__id__exact={obj.pk}"
        records = list(obj.records.order_by("line_number")[:RECORDS_PREVIEW_LIMIT])
        total = obj.records.count()
        link = format_html(
            '<a href="{}">{}</a>',
            url,
            ngettext("The %(n)s row of this batch", "All %(n)s rows of this batch", total)
            % {"n": format_number(total)},
        )
        if not records:
            return link
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    record.line_number,
                    record.get_status_display(),
                    pretty_json(record.validation_errors) if record.validation_errors else "",
                )
                for record in records
            ),
        )
        shown = (
            _("the first %(shown)s of %(total)s shown")
            % {"shown": format_number(len(records)), "total": format_number(total)}
            if total > len(records)
            else _("all shown")
        )
        return format_html(
            "<p>{} ({})</p><table><thead><tr><th>{}</th><th>{}</th>"
            "<th>{}</th></tr></thead><tbody>{}</tbody></table>",
            link,
            shown,
            _("Line"),
            _("Outcome"),
            _("Errors"),
            rows,
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ImportRecord)
class ImportRecordAdmin(ViewOnlyAdminMixin, ReadOnlyJSONMixin, admin.ModelAdmin):
    json_fields = ("source_data", "processed_data", "validation_errors")
    list_display = ("id", "batch", "line_number", "status", "created_at")

    @admin.display(description=_("raw values"))
    def source_data_pretty(self, obj):
        """By column, also for a batch that keeps the names once (ImportRecord.raw)."""
        return pretty_json(obj.raw) if obj else EMPTY

    list_filter = ("status", ImportRecordStatusFilter, "batch__source_type")
    list_select_related = ("batch",)
    search_fields = ("batch__source_file",)
    date_hierarchy = "created_at"
    ordering = ("batch", "line_number")
    list_per_page = 100
    fields = (
        "batch",
        "line_number",
        "status",
        "created_at",
        "source_data_pretty",
        "processed_data_pretty",
        "validation_errors_pretty",
    )


@admin.register(LoginEvent)
class LoginEventAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """The log of log-ins and failed log-ins (read-only)."""

    list_display = ("created_at", "username", "success", "ip_address", "user_agent")
    list_filter = ("success",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
