"""The problem+json handler flattens every shape of DRF validation error into invalidParams."""

from rest_framework import exceptions

from uitkomst.api.errors import problem_exception_handler


def _body(detail):
    response = problem_exception_handler(exceptions.ValidationError(detail), {"request": None})
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    return response.data


def test_nested_list_errors_keyed_by_index():
    body = _body({"regels": {0: {"bedrag": ["Geen geldig bedrag."]}, 3: {"eenheden": ["Negatief."]}}})
    names = [p["name"] for p in body["invalid_params"]]
    assert names == ["regels.0.bedrag", "regels.3.eenheden"]


def test_snake_case_field_names_become_camel_case():
    body = _body({"geldig_van": ["Verplicht."], "non_field_errors": ["Samen ongeldig."]})
    assert [p["name"] for p in body["invalid_params"]] == ["geldigVan", "nonFieldErrors"]
    assert "geldigVan: Verplicht." in body["detail"]
