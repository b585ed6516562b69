"""The contract mdpytest relies on in ``_pytest.assertion.rewrite.rewrite_asserts``.

pytest has no public API for rewriting the asserts of code it did not import itself, so the
collector calls the function pytest's import hook calls. If a pytest release changes it, this
test fails first: a failing assert on a page must still show the values it compared.
"""


def test_a_failing_assert_on_a_page_shows_what_it_compared(pytester, write_page):
    write_page("""
        # Page

        ```python
        def test_compare():
            expected = {"apples": 2}
            assert {"apples": 1} == expected
        ```
    """)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*assert {'apples': 1} == {'apples': 2}*", "*Differing items:*"])
