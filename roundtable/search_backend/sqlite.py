"""Wagtail's SQLite search backend with its ranking read in one pass (see
`roundtable.search_backend`). Imported only on SQLite with FTS5: the models it
reads exist only there."""

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class OnePassRanking:
    """For a query compiler of the SQLite backend: each match's score from one
    query, instead of a subquery per row."""

    def ranks_in_one_pass(self, score_field):
        query = normalize(self.query)
        if isinstance(query, (MatchAll, Not)):
            return False  # no scores to read: the stock path is cheap
        return self.order_by_relevance or score_field is not None

    def matches(self, config):
        """The full-text index rows that match, each with its `score`."""
        search_query = self.build_search_query(normalize(self.query), config=config)
        fields = self.fields or self.FTS_TABLE_FIELDS
        content_types = get_descendants_content_types_pks(self.queryset.model)
        return sqlite.SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(fields, search_query),
            index_entry__content_type__in=content_types,
        ).annotate(score=self._build_rank_expression(self.get_search_vectors(), config))

    def ranked(self, config, start, stop, score_field):
        """The results from `start` to `stop` as a list, in the stock backend's
        order: by score (lower is better with SQLite's bm25), then newest pk."""
        matches = self.matches(config)
        to_python = self.queryset.model._meta.pk.to_python
        scores = {
            to_python(object_id): score
            for object_id, score in matches.values_list(
                "index_entry__object_id", "score"
            )
        }
        found = self.queryset.filter(pk__in=matches.values("index_entry__object_id"))
        if self.order_by_relevance:
            pks = list(found.order_by().values_list("pk", flat=True))
            pks.sort(reverse=True)
            pks.sort(key=scores.__getitem__)  # stable: ties stay newest first
            chosen = pks[start:stop]
            rows = {row.pk: row for row in self.queryset.filter(pk__in=chosen)}
            results = [rows[pk] for pk in chosen if pk in rows]
        else:
            if not found.query.order_by:
                found = found.order_by("-pk")
            results = list(found[start:stop])
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
