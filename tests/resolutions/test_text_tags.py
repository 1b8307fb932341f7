from resolutions.templatetags.text_tags import nowrap_references


def test_references_in_a_title_do_not_wrap_and_the_rest_stays_escaped():
    html = nowrap_references("Ergänzung zu B-8106/2026: <b>Gebühren</b> & A-2/2026")

    assert html == (
        'Ergänzung zu <span class="nowrap">B-8106/2026</span>: &lt;b&gt;Gebühren&lt;/b&gt; &amp; '
        '<span class="nowrap">A-2/2026</span>'
    )
