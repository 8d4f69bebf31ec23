"""The page language (zh or en) and the interface's words in both.

The browser's Accept-Language gives the default; a choice made on the page (``?lang=``, then kept in
a cookie) overrides it. Data labels come from the graph; only the interface's own words live here.
"""

from __future__ import annotations

from flask import Request

from ...kinds import load_kinds

LANGS = ("zh", "en")
DEFAULT_LANG = "en"
COOKIE = "lang"

WORDS: dict[str, tuple[str, str]] = {  # key: (zh, en)
    "site": ("保护责任知识图谱", "R2P Knowledge Graph"),
    "home": ("首页", "Home"),
    "skip": ("跳到正文", "Skip to content"),
    "search": ("搜索", "Search"),
    "search_hint": ("搜索国家、组织、文件…", "Search countries, bodies, documents…"),
    "reader": ("阅读报告", "Read the report"),
    "pictures": ("图示", "Pictures"),
    "query": ("查询", "Query"),
    "ontology": ("本体", "Ontology"),
    "sparql": ("SPARQL 端点", "SPARQL endpoint"),
    "type": ("类型", "Type"),
    "properties": ("属性", "Properties"),
    "inbound": ("指向此处的链接", "What links here"),
    "mentions": ("报告中提及之处", "Where the report mentions it"),
    "no_mentions": ("报告中没有记录的提及。", "No recorded mentions in the report."),
    "external": ("外部链接", "External links"),
    "formats": ("下载为", "Download as"),
    "statistics": ("统计数字", "Statistics"),
    "passage": ("段落", "Passage"),
    "in_text": ("原文", "Text"),
    "footnotes": ("脚注", "Footnotes"),
    "paragraph": ("段", "Paragraph"),
    "section": ("节", "Section"),
    "not_found": ("未找到", "Not found"),
    "not_found_text": ("图中没有这个 IRI 的描述。", "The graph has nothing about this IRI."),
    "bad_request": ("请求有误", "Bad request"),
    "try": ("可以试试", "You could try"),
    "browse": ("浏览", "Browse"),
    "entities": ("实体", "Entities"),
    "count": ("数量", "Count"),
    "summary": ("摘要", "Summary"),
    "examples": ("示例查询", "Example queries"),
    "run": ("运行", "Run"),
    "results": ("结果", "Results"),
    "n_results": ("{n} 个结果", "{n} results"),
    "n_results_one": ("1 个结果", "1 result"),
    "narrow": ("按种类筛选", "Narrow by kind"),
    "all": ("全部", "All"),
    "next_results": ("下一页结果", "Next results"),
    "search_text_hint": ("搜索报告全文、脚注、名称和文号…", "Search the report, footnotes, names and symbols…"),
    "k_entity": ("名称", "names"),
    "rows": ("行", "rows"),
    "network": ("网络", "Network"),
    "network_text": ("报告中的行为体、文书、罪行和局势，以及它们在同一段落中的共现。点击节点打开其页面。",
                     "The report's actors, instruments, crimes and situations, linked when a paragraph "
                     "names both. Click a node to open its page."),
    "timeline": ("时间线", "Timeline"),
    "timeline_text": ("报告引用的文书，按年份和通过机关排列。",
                      "The instruments the report cites, by year and by the organ that adopted them."),
    "charts": ("统计图", "Statistics"),
    "charts_text": ("报告中的统计数字及其出处（所引脚注，或陈述它的段落）。每种单位一条数轴，计数按所计对象分开。",
                    "The report's statistics with their sources (the footnote cited, or the paragraph stating "
                    "them): one axis per unit, and counts of different things apart."),
    "map": ("世界地图", "World map"),
    "map_text": ("报告提及的国家，颜色按提及次数深浅。", "The countries the report names, shaded by mentions."),
    "no_data": ("图中还没有这方面的数据。", "The graph has no data for this yet."),
    "data": ("数据", "Data"),
    "language": ("English", "中文"),
    "graph": ("命名图", "Named graph"),
    "triples": ("三元组", "triples"),
    "shapes": ("SHACL 形状", "SHACL shapes"),
    "versions": ("版本", "Versions"),
    "release_fixed": ("已发布的版本，内容不再改变。", "A released version: its content never changes."),
    "release_working": ("工作副本：下一个尚未发布的版本。", "The working copy: the next, unreleased version."),
    "release_terms": ("术语与形状", "Terms and shapes"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "period": ("时期", "Period"),
    "source": ("出处", "Source"),
    "no_js": ("此图需要 JavaScript；下表列出相同的数据。",
              "This picture needs JavaScript; the table below lists the same data."),
    "cited_by": ("引用于", "Cited in"),
    "more": ("更多", "more"),
    "passages_cut": ("此处显示 %d 段（共 %d 段）。", "%d of %d passages are shown here."),
    "passages_all": ("用查询列出全部段落", "List them all with a query"),
    "in_reader": ("在报告中阅读", "read in the report"),
    "recommendations": ("建议与行动呼吁", "Recommendations and calls to action"),
    "recommendations_text": ("报告提出或引述的每项呼吁：言语行为、发言者、对象，以及陈述它的原句。",
                             "Every call the report makes or quotes: the speech act, the speaker, the addressees, "
                             "and the sentence that states it."),
    "claims": ("陈述及其证据", "Claims with their evidence"),
    "speaker": ("发言者", "speaker"),
    "addressee": ("对象", "to"),
    "involves": ("涉及", "involving"),
    "made_in": ("见于", "in"),
    "concerns": ("关于", "concerning"),
    # the entity kinds' words (k_country …) are the registry's: kind_words() below
    "k_term": ("本体术语", "ontology term"),
    "k_section": ("节", "section"),
    "k_paragraph": ("段落", "paragraph"),
    "k_footnote": ("脚注", "footnote"),
    "k_report": ("报告", "report"),
    "classes": ("类", "Classes"),
    "object_properties": ("对象属性", "Object properties"),
    "datatype_properties": ("数据属性", "Datatype properties"),
    "individuals": ("个体", "Individuals"),
    "col_label": ("名称", "name"),
    "col_kind": ("种类", "kind"),
    "col_paragraphs": ("段落数", "paragraphs"),
    "col_year": ("年份", "year"),
    "col_organ": ("机关", "organ"),
    "col_instrument": ("文书", "instrument"),
    "col_citations": ("引用次数", "citations"),
    "col_measure": ("衡量对象", "measure"),
    "col_value": ("数值", "value"),
    "col_unit": ("单位", "unit"),
    "col_period": ("时期", "period"),
    "col_place": ("地点", "place"),
    "col_source": ("出处", "source"),
    "col_country": ("国家或地区", "country or territory"),
    "col_iso2": ("ISO 代码", "ISO code"),
    "col_passages": ("段落和脚注数", "passages"),
    "organ_unknown": ("其他或未注明的机关", "Other or not stated"),
    "no_unit": ("无单位", "No unit"),
    "paragraphs": ("段落", "Paragraphs"),
    "n_of_paragraphs": ("{total} 段中的 {n} 段", "{n} of {total} paragraphs"),
    "facets_hint": ("不同类别的选择同时适用（且），同一类别内任一即可（或）。",
                    "Choices in different facets all apply (and); within one facet, any of them (or)."),
    "clear_facets": ("清除全部选择", "Clear all"),
    "remove": ("取消此选择", "Remove this choice"),
    "download": ("下载", "Download"),
    "browse_paragraphs": ("按类别浏览段落", "Browse the paragraphs by facet"),
    "facet_report": ("报告", "reports"),
    "facet_section": ("节", "sections"),
    "facet_claim": ("陈述种类", "kinds of claim"),
    "position": ("位置（字符）", "position (characters)"),
    "cite": ("引用", "cite"),
    "cite_title": ("引用此段", "Cite this"),
    "copy": ("复制", "Copy"),
    "copied": ("已复制", "Copied"),
    "cite_formats": ("格式", "Formats"),
    # the endpoint's own pages (downloads, VoID, service description) and error pages
    "not_found_page": ("此地址没有页面。", "There is no page at this address."),
    "status_400": ("请求有误", "Bad request"),
    "status_404": ("未找到", "Not found"),
    "status_405": ("不允许此方法", "Method not allowed"),
    "status_406": ("无法提供所要求的格式", "No acceptable format"),
    "status_413": ("请求过大", "Request too large"),
    "status_415": ("不支持的媒体类型", "Unsupported media type"),
    "status_422": ("无法处理", "Cannot be processed"),
    "status_500": ("服务器出错", "Server error"),
    "status_503": ("暂时无法提供", "Not available just now"),
    "dumps": ("下载", "Downloads"),
    "dumps_text": ("构建出的数据集文件，附大小和 SHA-256 校验和。",
                   "The built dataset's files, with their sizes and SHA-256 checksums."),
    "files": ("文件", "Files"),
    "checksums_note": ("用 sha256sum -c SHA256SUMS 校验下载的文件。", "Check a download with sha256sum -c SHA256SUMS."),
    "about_dataset": ("数据集", "The dataset"),
    "version": ("版本", "version"),
    "quads": ("四元组", "quads"),
    "license": ("图的许可", "licence of the graph"),
    "source_license": ("报告原文的使用条款", "terms of use of the report's text"),
    "col_file": ("文件", "file"),
    "col_format": ("格式", "format"),
    "col_media_type": ("媒体类型", "media type"),
    "col_bytes": ("字节", "bytes"),
    "col_sha256": ("SHA-256", "SHA-256"),
    "col_what": ("项目", "what"),
    "col_graph": ("命名图", "named graph"),
    "col_triples": ("三元组", "triples"),
    "col_class": ("类", "class"),
    "col_entities": ("实体", "entities"),
    "col_property": ("属性", "property"),
    "col_vocabulary": ("词汇表", "vocabulary"),
    "col_resource": ("资源", "resource"),
    "col_format_param": ("format= 参数", "format= value"),
    "void": ("数据集的 VoID 描述", "VoID description of the dataset"),
    "void_text": ("VoID 词汇对本数据集的描述：规模、命名图、类和属性。",
                  "What the dataset holds, as its VoID description states it: sizes, graphs, classes, properties."),
    "service": ("SPARQL 端点", "SPARQL endpoint"),
    "service_text": ("本站的 SPARQL 1.1 端点：地址、格式、限制和用法示例。下表来自其服务描述。",
                     "This site's SPARQL 1.1 endpoint: its address, formats, limits and how to use it. "
                     "The tables come from its service description."),
    "also_as": ("其他格式", "Also as"),
    "as_turtle": ("以 Turtle 显示此描述", "This description in Turtle"),
    "sizes": ("规模", "Sizes"),
    "graphs": ("命名图", "Named graphs"),
    "vocabularies": ("所用词汇表", "Vocabularies used"),
    "example_resources": ("示例资源", "Example resources"),
    "title": ("标题", "title"),
    "sparql_endpoint": ("SPARQL 端点", "SPARQL endpoint"),
    "uri_space": ("IRI 空间", "IRI space"),
    "subjects": ("不同主语", "distinct subjects"),
    "objects": ("不同宾语", "distinct objects"),
    "languages": ("查询语言", "query languages"),
    "result_formats": ("结果格式", "result formats"),
    "features": ("特性", "features"),
    "default_graph": ("默认图", "default graph"),
    "limits": ("限制", "Limits"),
    "limit_timeout": ("每个查询的时限", "time a query may take"),
    "limit_rows": ("结果的最大行数", "largest result, in rows or triples"),
    "limit_bytes": ("结果的最大字节数", "largest answer, in bytes"),
    "limit_body": ("请求体的最大字节数", "largest request body, in bytes"),
    "formats_table": ("格式", "Formats"),
    "formats_note": ("用 Accept 请求头或 format= 参数选择。",
                     "Choose with the Accept header or the format= parameter."),
    "use_it": ("用法", "Using it"),
    "query_page": ("在查询页面中编写和运行查询", "Write and run queries on the query page"),
    "endpoint_index": ("端点的网址", "The endpoint's URLs"),
    "links": ("网址", "URLs"),
    "col_url": ("网址", "URL"),
    "col_about": ("用途", "what"),
    "data_links": ("数据", "Data"),
    # pictures: the map's legend and scale
    "legend": ("图例", "Legend"),
    "map_shading": ("提及该国的段落和脚注数", "Passages naming the country"),
    "map_unnamed": ("报告未提及", "not named in the report"),
    "map_projection": ("等面积投影（Equal Earth）", "Equal Earth projection (areas true to size)"),
    "map_scale": ("赤道上的 {km} 公里", "{km} km at the Equator"),
}


# Names of the standard terms the data uses, for when the graph itself does not label them.
STANDARD_TERMS: dict[str, tuple[str, str]] = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("类型", "type"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("标签", "label"),
    "http://www.w3.org/2000/01/rdf-schema#comment": ("注释", "comment"),
    "http://www.w3.org/2004/02/skos/core#definition": ("定义", "definition"),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("首选标签", "preferred label"),
    "http://www.w3.org/2004/02/skos/core#exactMatch": ("完全对应", "exact match"),
    "http://www.w3.org/2004/02/skos/core#inScheme": ("所属概念体系", "in scheme"),
    "http://purl.org/dc/terms/title": ("标题", "title"),
    "http://purl.org/dc/terms/isPartOf": ("属于", "is part of"),
    "http://purl.org/dc/terms/issued": ("发布日期", "issued"),
    "http://purl.org/dc/terms/language": ("语言", "language"),
    "http://www.w3.org/ns/oa#hasBody": ("注释主体", "body"),
    "http://www.w3.org/ns/oa#hasTarget": ("注释目标", "target"),
    "http://www.w3.org/ns/oa#hasSource": ("来源", "source"),
    "http://www.w3.org/ns/oa#hasSelector": ("选择器", "selector"),
    "http://www.w3.org/ns/oa#start": ("起始位置", "start"),
    "http://www.w3.org/ns/oa#end": ("结束位置", "end"),
    "http://www.w3.org/ns/oa#exact": ("引文", "exact quote"),
    "http://www.w3.org/ns/oa#motivatedBy": ("动机", "motivated by"),
    "http://www.w3.org/ns/org#subOrganizationOf": ("上级组织", "sub-organization of"),
    "http://www.w3.org/ns/prov#wasDerivedFrom": ("来源于", "derived from"),
}


def kind_words() -> dict[str, tuple[str, str]]:
    """Each entity kind's name as the word ``k_<kind>``: the kinds registry's (data/kinds.csv)."""
    return {k.i18n_key: (k.label_zh, k.label_en) for k in load_kinds().values()}


def choose_lang(request: Request) -> str:
    """``?lang=`` first, then the cookie, then Accept-Language, then the default."""
    asked = request.args.get("lang", "")
    if asked in LANGS:
        return asked
    kept = request.cookies.get(COOKIE, "")
    if kept in LANGS:
        return kept
    best = request.accept_languages.best_match(LANGS)
    if best:
        return best
    # Tags such as zh-Hans-CN or en-GB: match their primary subtag.
    for tag, _q in request.accept_languages:
        primary = tag.split("-")[0].lower()
        if primary in LANGS:
            return primary
    return DEFAULT_LANG


def translator(lang: str):
    """``t('key')`` -> the word in ``lang``."""
    index = LANGS.index(lang) if lang in LANGS else 1
    words = {**kind_words(), **WORDS}

    def t(key: str) -> str:
        pair = words.get(key)
        return pair[index] if pair else key

    return t
