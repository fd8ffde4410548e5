"""English for the autoqa pages (merged into kefu.web.i18n.EN)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    "自动质检": "Automatic check",
    "话术库": "Phrase libraries",
    "话术库 YAML": "Phrase library YAML",
    "检查坐席的标准用语、话术步骤和服务忌语, 每一项都引用原文, 并给出建议得分 (R-QA-2)。": (
        "Checks the agent's standard phrases, script steps and forbidden phrases, quoting the "
        "original words for each, and suggests a score (R-QA-2)."
    ),
    "转写文本(每行「坐席:」或「客户:」开头, 也可以是 JSON 或 CSV)": (
        "Transcript (each line starting with 坐席: or 客户:, or JSON or CSV)"
    ),
    "或上传文件(.txt / .json / .csv)": "or upload a file (.txt / .json / .csv)",
    "格式": "Format",
    "自动识别": "Detect",
    "文本": "Text",
    "JSON": "JSON",
    "CSV": "CSV",
    "电话渠道的话术库": "The phone channel's library",
    "周末或节假日的来电": "Call on a weekend or holiday",
    "检查": "Check",
    "检查结果": "Result",
    "建议得分": "Suggested score",
    "满分": "Full score",
    "坐席": "Agent",
    "客户": "Customer",
    "类别": "Kind",
    "项目": "Item",
    "结果": "Result",
    "原文": "Original words",
    "标准用语": "Standard phrase",
    "话术步骤": "Script step",
    "服务忌语": "Forbidden phrase",
    "因": "because of",
    "已说": "Said",
    "缺少": "Missing",
    "顺序不对": "out of order",
    "第 {n} 段": "turn {n}",
    "使用 {n} 次": "used {n} time(s)",
    "引用或否定, 不计": "quoted or negated, not counted",
    "说明": "Explanation",
    "本次不是订座来电, 不检查话术步骤。": "Not a booking call: the script steps are not checked.",
    "标准用语、服务忌语和话术步骤都写在话术库里; 修改会存为新版本, 已有的检查结果不变 (R-QA-2)。": (
        "Standard phrases, forbidden phrases and script steps live in the phrase libraries; an "
        "edit is stored as a new version and stored checks stay as they were (R-QA-2)."
    ),
    "名称": "Name",
    "适用渠道": "Channels",
    "使用中": "in use",
    "还没有载入话术库。": "No phrase library loaded yet.",
    "载入话术库": "Load a phrase library",
    "保存为新版本": "Save as a new version",
    "第 {n} 版": "version {n}",
    "扩展": "Extends",
    "说法": "Phrasings",
    "编辑": "Edit",
    "联络 #{n} 的自动质检": "Automatic checks of contact #{n}",
    "用当前话术库重新检查": "Check again with the current library",
    "检查 #{n}": "Check #{n}",
    "还没有自动质检结果。": "No automatic check yet.",
    "保存于": "Saved",
    "扣减分": "Deduction",
    "批量导入转写": "Import transcripts",
    "每份转写登记为一个被监控联络并立即自动质检 (R-QA-2)。可上传 .zip (内含 .txt / .json / .csv 转写，文件名 工号_渠道_YYYYMMDD-HHMM_编号)、一张 CSV 表 (工号,渠道,时间,编号,内容)，或单个转写文件。有任何一处错误则全部不导入。": "Each transcript becomes a monitored contact and is checked at once (R-QA-2). Upload a .zip (of .txt / .json / .csv transcripts named 工号_channel_YYYYMMDD-HHMM_reference), a CSV table (工号,渠道,时间,编号,内容) or a single transcript. Any problem and nothing is imported.",
    "已导入 {n} 份转写，全部已自动质检。": "{n} transcript(s) imported and checked.",
    "文件名未写工号时的工号": "Staff number when the file name has none",
    "文件名未写渠道时的渠道": "Channel when the file name has none",
    "文件名未写时间时的时间 (YYYY-MM-DD HH:MM，默认现在)": "Time when the file name has none (YYYY-MM-DD HH:MM, default now)",
    "导入并自动质检": "Import and check",
}
