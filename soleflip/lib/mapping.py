"""Column mappings: which column of a file holds which field. One mechanism for every file
read through a mapping (marketplace sales exports, retailer product feeds): each kind of
file declares its fields once (a `Schema`) and ships presets for the layouts it knows; a
file of another layout is mapped by naming its columns, or guessed from its header.
Model-free."""

from dataclasses import dataclass, field
from typing import ClassVar, Self

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Schema:
    """The fields a kind of file is read into: name -> label, the required ones, groups of
    which at least one must be mapped, and header words that guess a column (lower case,
    "_" read as a space)."""

    fields: dict[str, str]
    required: tuple[str, ...]
    one_of: tuple[tuple[str, ...], ...] = ()
    guesses: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class ColumnMapping:
    """Field -> column of the file; amounts given in whole cents; the currency when the
    file has no currency column. Subclasses name their schema."""

    schema: ClassVar[Schema]

    columns: dict[str, str]
    cents: frozenset[str] = frozenset()
    currency: str = "EUR"

    def missing(self, header: list[str]) -> list[str]:
        """Required fields without a column, and mapped columns not in the file."""
        labels = self.schema.fields
        problems = [str(labels[f]) for f in self.schema.required if not self.columns.get(f)]
        for group in self.schema.one_of:
            if not any(self.columns.get(f) for f in group):
                problems.append(" / ".join(str(labels[f]) for f in group))
        problems += [
            _("column %(column)s (for %(field)s) is not in the file")
            % {"column": column, "field": labels[name]}
            for name, column in self.columns.items()
            if column and column not in header
        ]
        return problems

    def as_dict(self) -> dict:
        return {"columns": self.columns, "cents": sorted(self.cents), "currency": self.currency}

    @classmethod
    def from_dict(cls, data: dict) -> Self:
        return cls(
            columns={
                k: v for k, v in data.get("columns", {}).items() if k in cls.schema.fields and v
            },
            cents=frozenset(data.get("cents", ())),
            currency=data.get("currency") or "EUR",
        )

    @classmethod
    def guess(cls, header: list[str]) -> Self:
        """A mapping guessed from the header's names (the schema's guesses)."""
        lowered = {h.lower().replace("_", " "): h for h in header}
        columns = {}
        for name, words in cls.schema.guesses.items():
            found = next((lowered[w] for w in words if w in lowered), None)
            if found:
                columns[name] = found
        return cls(columns=columns)

    def fitted(self, header: list[str], overrides: dict[str, str] | None = None) -> Self:
        """This mapping for one file: optional columns the file lacks are left out (a
        required one stays, to be reported missing), `overrides` named on the upload win."""
        kept = {f: c for f, c in self.columns.items() if c in header or f in self.schema.required}
        return type(self)(
            columns={**kept, **(overrides or {})}, cents=self.cents, currency=self.currency
        )
