"""Pagination that stays fast on large, joined lists.

A page of a list that joins client, product, provider ... and orders by id would make the database
join every matching row before sorting (100,000 trajectories: a second). This paginator first takes
the page's ids from the table alone (an index scan), then loads just those rows with their joins.
"""

from __future__ import annotations

from django.core.paginator import Paginator

from uitkomst.api.pagination import Paginering

PAGINA = 50  # rows per page of the lists of personal data (referrals, clients, trajectories)


class IdPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class IdPaginering(Paginering):
    django_paginator_class = IdPaginator
