"""Deployment (issue 9): `check --deploy` clean under production settings; the API answers bodies over
the limits and validation failures with its JSON error, in the caller's language."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.helpers import ApiClient

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "SIJILL_SECRET_KEY": secrets.token_urlsafe(64),
    "SIJILL_ALLOWED_HOSTS": "sijill.example.ly",
    "SIJILL_SECURE_COOKIES": "1",
    "SIJILL_HTTPS_REDIRECT": "1",
    "SIJILL_HSTS_SECONDS": "31536000",
}


def _check_deploy(tmp_path: Path, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIJILL_", "DJANGO_"))}
    env |= {"SIJILL_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "sijill.settings"} | extra
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _check_deploy(tmp_path, PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_names_what_a_site_left_out(tmp_path):
    result = _check_deploy(tmp_path, {k: v for k, v in PRODUCTION.items() if "HSTS" not in k})
    assert result.returncode != 0 and "security.W004" in result.stderr + result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "message"), [("ar", "الطلب أكبر من المسموح"), ("en", "The request is too large")])
def test_an_api_body_over_the_limit_gets_the_json_error_in_the_callers_language(user_of, language, message):
    api = ApiClient(user_of("records_clerk"), language=language)
    body = {"first_name": "محمد", "latin_name": "x" * (3 * 2**20)}  # past DATA_UPLOAD_MAX_MEMORY_SIZE
    response = api.call("POST", "/persons", body)
    assert response.status_code == 413 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "too_large" and response.json()["message"].startswith(message)


@pytest.mark.django_db
def test_an_upload_declared_over_the_limit_is_refused_before_it_is_read(client_of, settings):
    settings.SIJILL_IMPORT_MAX_BYTES = 1000
    response = client_of("clerk").post(
        "/imports/", data=b"x" * (2**20 + 2000), content_type="multipart/form-data; boundary=zzz"
    )
    assert response.status_code == 413 and "الطلب أكبر من المسموح" in response.content.decode()
    api = Client().post("/api/v1/custody/check", data=b"{" * (2**20 + 2000), content_type="application/json")
    assert api.status_code == 413 and api.json()["code"] == "too_large"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "limit", "date"),
    [("ar", "يجب ألا يزيد على 500.", "المتوقع تاريخ (YYYY-MM-DD)."),
     ("en", "Must be at most 500.", "Expected a date (YYYY-MM-DD).")],
)  # fmt: skip
def test_validation_details_come_in_the_callers_language(user_of, language, limit, date):
    api = ApiClient(user_of("auditor"), language=language)
    body = api.call("GET", "/audit/entries?limit=9999&since=yesterday").json()
    messages = {tuple(d["loc"]): (d["type"], d["message"]) for d in body["details"]}
    assert messages[("query", "limit")] == ("less_than_equal", limit)
    assert messages[("query", "since")][1] == date
    missing = ApiClient(user_of("records_clerk"), language=language).call("POST", "/persons", {"sex": "m"})
    [detail] = missing.json()["details"]
    assert detail["type"] == "missing" and detail["message"] == ("هذا الحقل مطلوب." if language == "ar" else
                                                                "This field is required.")  # fmt: skip
    assert json.dumps(missing.json(), ensure_ascii=False).count("Field required") == 0
