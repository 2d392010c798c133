"""Final state of the test-only models (migrations 0001-0005 lead here)."""

from django.db import models


class Parent(models.Model):
    code = models.CharField(max_length=20)
    name = models.TextField(db_index=True)

    class Meta:
        db_table = 'schematest"."parent'
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^.{2,}$"), name="schematest_code_min_len"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Child(models.Model):
    parent = models.ForeignKey(Parent, on_delete=models.DO_NOTHING, db_constraint=False)

    class Meta:
        db_table = 'schematest"."kid'

    def __str__(self) -> str:
        return f"child of {self.parent_id}"
