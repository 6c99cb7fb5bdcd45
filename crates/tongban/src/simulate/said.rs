//! What simulated callers say to the virtual agent: routine questions on court services in
//! the words callers use (written for the simulation, not copied from the knowledge base, so
//! that the agent's share of settled calls is measured, not arranged), and matters outside the
//! courts' knowledge base, which the agent should hand over.

/// Routine questions: filing, fees, mediation, enforcement, auctions, trial, service of
/// documents, records, contacting the judge, the hotline itself.
pub const ROUTINE: &[&str] = &[
    "我想起诉一个欠我钱的人，要准备哪些东西",
    "请问去法院告状要什么条件",
    "我材料都交上去了，什么时候能给我立案",
    "立案以后多久能收到通知",
    "手机上能不能直接立案，不想跑一趟",
    "网上立案的话在哪个平台操作",
    "我网上提交的立案申请被退回来了，怎么回事",
    "我不识字，起诉状写不了怎么办",
    "对方住在外地，我应该去哪个法院起诉",
    "起诉状要写几份交给法院",
    "打官司的费用大概要多少",
    "我要告人家欠我五万块，诉讼费交多少",
    "诉讼费在哪里交，能网上交吗",
    "我家里困难，诉讼费能不能免掉",
    "官司打赢了，诉讼费能退给我吗",
    "我撤诉的话诉讼费还退吗",
    "诉讼费的缴费通知收到了，不交会怎么样",
    "申请执行还要交钱吗",
    "法院叫我先调解，我能不调解直接起诉吗",
    "调解要拖多长时间",
    "调解协议签了对方不履行怎么办",
    "判决下来了对方就是不给钱，我该怎么办",
    "怎么找法院强制执行",
    "我的执行案子半年了还没有动静，正常吗",
    "法院说执行款到了，钱什么时候打给我",
    "终本是什么意思，我的钱还能要回来吗",
    "我知道欠钱的人有一套房子，怎么告诉法院",
    "老赖有钱不还，能不能抓他",
    "我已经还清了钱，怎么把失信名单去掉",
    "我的车被法院查封了，可是案子跟我没关系",
    "怕对方把财产转移了，能先冻结他的账户吗",
    "保全需要交担保吗",
    "法拍房怎么参加竞拍",
    "拍法拍房要交哪些税",
    "没拍到的话保证金什么时候退",
    "法拍房拍下来以后怎么过户",
    "案子一审一般要审多久",
    "不服判决想上诉，要在几天内提出",
    "判决书下来多久才生效",
    "开庭那天我有事去不了，能改时间吗",
    "我人在外地，可以视频开庭吗",
    "法院的判决书会寄到哪里",
    "收到一个说是法院发的短信链接，是真的吗",
    "以前打过的官司，想复印一下卷宗，去哪里办",
    "判决书原件弄丢了，能补办吗",
    "承办法官的电话一直打不通怎么办",
    "给法官留了言一直没人回我",
    "我能直接去法院找法官当面谈吗",
    "我的案子换法官了吗，怎么查",
    "12368能帮我查案子吗",
    "热线晚上有人接吗",
    "我反映的问题多久能有答复",
    "我对法院给的答复不满意",
    "有人打电话说是法院的，让我转账交保证金",
    "我想去法院旁听开庭，要预约吗",
    "请不起律师，法院能给我找个免费律师吗",
    "去法院办事要带什么证件",
    "我想表扬一下我们案子的法官",
];

/// Matters the courts' knowledge base does not cover.
pub const OUTSIDE: &[&str] = &[
    "我家楼下装修太吵了",
    "小区物业乱收停车费该找谁",
    "我想咨询一下离婚财产怎么分",
    "公司拖欠工资三个月了怎么办",
];

/// Callers who want a person from the start.
pub const WANT_A_PERSON: &[&str] = &["转人工", "我要人工客服", "帮我转一下人工服务"];

/// Callers with a grievance to register.
pub const GRIEVANCES: &[&str] = &[
    "我要投诉执行局的工作人员一直不回电话",
    "我要举报有人冒充法院工作人员骗钱",
    "我的案子拖了一年多还没判，我要催办",
];
