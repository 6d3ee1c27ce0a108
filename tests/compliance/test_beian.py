"""Item 4: the ICP and public-security filing numbers in every page's footer, linked to the official query sites."""

import pytest


@pytest.mark.django_db
def test_footer_links_both_filing_numbers_to_the_query_sites(client, settings):
    # given both numbers configured
    settings.ICP_BEIAN = "京ICP备12345678号-1"
    settings.PSB_BEIAN = "京公网安备11010502000001号"
    # when any page is rendered
    html = client.get("/").content.decode()
    # then the footer shows them, linked to MIIT and to the PSB site with the record code
    icp_link = '<a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener noreferrer">京ICP备12345678号-1</a>'
    assert icp_link in html
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001"' in html
    assert "京公网安备11010502000001号</a>" in html


@pytest.mark.django_db
def test_footer_shows_no_filing_line_when_unset(client, settings):
    settings.ICP_BEIAN = ""
    settings.PSB_BEIAN = ""
    html = client.get("/").content.decode()
    assert 'class="beian"' not in html
    assert "beian.miit.gov.cn" not in html


@pytest.mark.django_db
def test_footer_shows_only_the_configured_number(client, settings):
    settings.ICP_BEIAN = "沪ICP备00000001号"
    settings.PSB_BEIAN = ""
    html = client.get("/").content.decode()
    assert "沪ICP备00000001号" in html
    assert "beian.mps.gov.cn" not in html
