"""Wagtail's SQLite search backend with its ranking read in one pass (see
`roundtable.search_backend`). Imported only on SQLite with FTS5: the models it
reads exist only there."""

from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class OnePassRanking:
    """For a query compiler of the SQLite backend: the matches ranked in one
    query, instead of a subquery per row."""

    def ranks_in_one_pass(self, score_field):
        query = normalize(self.query)
        if isinstance(query, (MatchAll, Not)):
            return False  # no scores to read: the stock path is cheap
        return self.order_by_relevance or score_field is not None

    def matches(self, config):
        """The full-text index rows that match, each with its `score` and the
        `object_pk` of its object (the index keeps it as text)."""
        search_query = self.build_search_query(normalize(self.query), config=config)
        fields = self.fields or self.FTS_TABLE_FIELDS
        content_types = get_descendants_content_types_pks(self.queryset.model)
        return sqlite.SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(fields, search_query),
            index_entry__content_type__in=content_types,
        ).annotate(
            score=self._build_rank_expression(self.get_search_vectors(), config),
            object_pk=Cast("index_entry__object_id", self.queryset.model._meta.pk),
        )

    def ranked(self, config, start, stop, score_field):
        """The results from `start` to `stop` as a list: in the stock backend's
        order when ranked (by score, lower is better with SQLite's bm25, then
        newest first), else in the queryset's."""
        matches = self.matches(config)
        if self.order_by_relevance:
            # One query ranks the matches the queryset keeps, and cuts the page.
            ranked = (
                matches.filter(object_pk__in=self.queryset.values("pk"))
                .order_by("score", "-object_pk")
                .values_list("object_pk", "score")
            )
            scores = dict(ranked[start:stop])
            rows = {row.pk: row for row in self.queryset.filter(pk__in=scores)}
            results = [rows[pk] for pk in scores if pk in rows]
        else:
            found = self.queryset.filter(pk__in=matches.values("object_pk"))
            if not found.query.order_by:
                found = found.order_by("-pk")
            results = list(found[start:stop])
            shown = matches.filter(object_pk__in=[row.pk for row in results])
            scores = dict(shown.values_list("object_pk", "score"))
        if score_field is not None:
            for row in results:
                setattr(row, score_field, scores.get(row.pk))
        return results


class SearchQueryCompiler(OnePassRanking, sqlite.SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(OnePassRanking, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SearchResults(sqlite.SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        if not compiler.ranks_in_one_pass(self._score_field):
            return super()._do_search()
        return compiler.ranked(
            compiler.get_config(self.backend), self.start, self.stop, self._score_field
        )


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SearchQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
    results_class = SearchResults
