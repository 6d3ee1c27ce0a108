"""The titles and texts of the community rules (moderation/data/rules-v1.json), marked for translation.

Rules are data, so makemessages cannot find their titles in the code: these lists name them, and
`RuleCategory.title_display` / `Rule.title_display` (and `RuleSet.name_display`, `preamble_display`…) translate
them at display time; tests/cms/test_forms_finish.py checks that every shipped one is listed. A title edited into
a later rule-set version that is not listed here is shown as written."""

from django.utils.translation import gettext_noop

TITLES = (
    gettext_noop("违反法律法规的信息"),
    gettext_noop("反对宪法所确定的基本原则"),
    gettext_noop("危害国家安全，泄露国家秘密，颠覆国家政权，破坏国家统一，损害国家荣誉和利益"),
    gettext_noop(
        "侮辱、滥用英烈形象，歪曲、丑化、亵渎、否定英雄烈士事迹和精神，以侮辱、诽谤或者其他方式侵害英雄烈士的姓名、肖像、名誉、荣誉"
    ),
    gettext_noop("宣扬恐怖主义、极端主义或者煽动实施恐怖活动、极端主义活动"),
    gettext_noop("煽动民族仇恨、民族歧视，破坏民族团结"),
    gettext_noop("破坏国家宗教政策，宣扬邪教和封建迷信"),
    gettext_noop("散布谣言，扰乱社会秩序，破坏社会稳定"),
    gettext_noop("宣扬淫秽、色情、赌博、暴力、凶杀、恐怖或者教唆犯罪"),
    gettext_noop("煽动非法集会、结社、游行、示威、聚众扰乱社会秩序"),
    gettext_noop("侮辱或者诽谤他人，侵害他人名誉、隐私和其他合法权益"),
    gettext_noop(
        "通过网络以文字、图片、音视频等形式，对未成年人实施侮辱、诽谤、威胁或者恶意损害未成年人形象进行网络欺凌的"
    ),
    gettext_noop("危害未成年人身心健康的"),
    gettext_noop("含有法律、行政法规禁止的其他内容"),
    gettext_noop("不友善"),
    gettext_noop("轻蔑：贬低、轻视他人及其劳动成果"),
    gettext_noop("诽谤：捏造、散布虚假事实，损害他人名誉"),
    gettext_noop("嘲讽：以比喻、夸张、侮辱性的手法对他人或其行为进行揭露或描述，以此来激怒他人"),
    gettext_noop("挑衅：以不友好的方式激怒他人，意图使对方对自己的言论作出回应，蓄意制造事端"),
    gettext_noop("羞辱：贬低他人的能力、行为、生理或身份特征，让对方难堪"),
    gettext_noop("谩骂：以不文明的语言对他人进行负面评价"),
    gettext_noop(
        "歧视：煽动人群歧视、地域歧视等，针对他人的民族、种族、宗教、性取向、性别、年龄、地域、生理特征等身份或者归类的攻击"
    ),
    gettext_noop("威胁：许诺以不良的后果来迫使他人服从自己的意志"),
    gettext_noop("发布垃圾广告信息"),
    gettext_noop("多次发布包含售卖产品、提供服务、宣传推广内容的垃圾广告（包括但不限于 3.2–3.8 的形式）"),
    gettext_noop("单个帐号多次发布包含垃圾广告的内容"),
    gettext_noop("多个广告帐号互相配合发布、传播包含垃圾广告的内容"),
    gettext_noop("多次发布包含欺骗性外链的内容，如未注明的淘宝客链接、跳转网站等，诱骗用户点击链接"),
    gettext_noop("发布大量包含推广链接、产品、品牌等内容获取搜索引擎中的不正当曝光"),
    gettext_noop("购买或出售帐号之间虚假地互动，发布干扰网站秩序的推广内容及相关交易"),
    gettext_noop("发布包含欺骗性的恶意营销内容，如通过伪造经历、冒充他人等方式进行恶意营销"),
    gettext_noop("使用特殊符号、图片等方式规避垃圾广告内容审核的广告内容"),
    gettext_noop("色情低俗信息"),
    gettext_noop("包含自己或他人性经验的细节描述或露骨的感受描述"),
    gettext_noop("涉及色情段子、两性笑话的低俗内容"),
    gettext_noop("配图、头图中包含庸俗或挑逗性图片的内容"),
    gettext_noop("带有性暗示、性挑逗等易使人产生性联想"),
    gettext_noop("展现血腥、惊悚、残忍等致人身心不适"),
    gettext_noop("炒作绯闻、丑闻、劣迹等"),
    gettext_noop("宣扬低俗、庸俗、媚俗内容"),
    gettext_noop("不实信息"),
    gettext_noop("可能存在事实性错误或者造谣等内容"),
    gettext_noop("存在事实夸大、伪造虚假经历等误导他人的内容"),
    gettext_noop("伪造身份、冒充他人，通过头像、用户名等个人信息暗示自己具有特定身份，或与特定机构或个人存在关联"),
    gettext_noop("传播封建迷信"),
    gettext_noop("找人算命、测字、占卜、解梦、化解厄运、使用迷信方式治病"),
    gettext_noop("求推荐算命看相大师"),
    gettext_noop("针对具体风水等问题进行求助或咨询"),
    gettext_noop(
        "问自己或他人的八字、六爻、星盘、手相、面相、五行缺失，包括通过占卜方法问婚姻、前程、运势，东西宠物丢了能不能找回、取名改名等"
    ),
    gettext_noop("文章标题党"),
    gettext_noop("以各种夸张、猎奇、不合常理的表现手法等行为来诱导用户"),
    gettext_noop("内容与标题之间存在严重不实或者原意扭曲"),
    gettext_noop("使用夸张标题，内容与标题严重不符的"),
    gettext_noop("「饭圈」乱象行为"),
    gettext_noop("诱导未成年人应援集资、高额消费、投票打榜"),
    gettext_noop("粉丝互撕谩骂、拉踩引战、造谣攻击、人肉搜索、侵犯隐私"),
    gettext_noop("鼓动「饭圈」粉丝攀比炫富、奢靡享乐等行为"),
    gettext_noop("以号召粉丝、雇用网络水军、「养号」形式刷量控评等行为"),
    gettext_noop("通过「蹭热点」、制造话题等形式干扰舆论，影响传播秩序"),
    gettext_noop("其他危害行为或内容"),
    gettext_noop("可能引发未成年人模仿不安全行为和违反社会公德行为、诱导未成年人不良嗜好影响未成年人身心健康的"),
    gettext_noop("不当评述自然灾害、重大事故等灾难的"),
    gettext_noop("美化、粉饰侵略战争行为的"),
    gettext_noop("法律、行政法规禁止，或可能对网络生态造成不良影响的其他内容"),
)


# The rule set's own texts: its name, preamble, legal basis, penalties and appeals.
TEXTS = (
    gettext_noop("跟帖评论自律管理公约"),
    gettext_noop(
        "我们致力于提供一个高质量内容的交流平台。为落实国家互联网信息办公室“依法管网、依法办网、依法上网"
        "”的要求，为完善跟帖评论自律管理，为了保护用户创造的内容、维护开放、真实、专业的平台氛围，我们团"
        "队将依据本公约中的条款对注册用户和发布在本平台的内容进行管理。平台鼓励用户创作、发布优质内容，同"
        "时也将采取必要措施管理违法、侵权或有其他不良影响的网络信息。"
    ),
    gettext_noop("《网络信息内容生态治理规定》《中华人民共和国未成年人保护法》"),
    gettext_noop(
        "本网站通过主动发现和接受用户举报两种方式收集违规行为信息。所有有意的降低内容质量、伤害平台氛围及"
        "欺凌未成年人或危害未成年人身心健康的行为都是不能容忍的。\n\n当一个用户发布违规内容时，本网站将依"
        "据相关用户违规情节严重程度，对帐号进行禁言 1 天、7 天、15 天直至永久禁言或封停账号的处罚"
        "。当涉及欺凌未成年人、危害未成年人身心健康、通过作弊手段注册、使用帐号，或者滥用多个帐号发布违规"
        "内容时，本网站将加重处罚。"
    ),
    gettext_noop(
        "随着平台管理经验的不断丰富，本网站出于维护本网站氛围和秩序的目的，将不断完善本公约。\n\n如果本网"
        "站用户对本网站基于本公约规定做出的处理有异议，可以通过「建议反馈」功能向本网站进行反馈。\n\n（规"
        "则的最终解释权归属本网站所有）"
    ),
)
