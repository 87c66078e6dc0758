<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>About {app}</source>
        <translation>关于 {app}</translation>
    </message>
    <message>
        <source>Library:</source>
        <translation>文献库：</translation>
    </message>
    <message>
        <source>Log file:</source>
        <translation>日志文件：</translation>
    </message>
    <message>
        <source>Built with:</source>
        <translation>构建组件：</translation>
    </message>
    <message>
        <source>(none open)</source>
        <translation>（未打开）</translation>
    </message>
    <message>
        <source>A reference manager: collect, search and cite papers, books and web pages.</source>
        <translation>文献管理软件：收集、检索和引用论文、图书与网页。</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>用户指南</translation>
    </message>
    <message>
        <source>{app} user guide</source>
        <translation>{app} 用户指南</translation>
    </message>
    <message>
        <source>The user guide is not installed. Read it online:</source>
        <translation>未安装用户指南。请在线阅读：</translation>
    </message>
</context>
<context>
    <name>AbstractPane</name>
    <message>
        <source>Abstract</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Show Translation</source>
        <translation>显示译文</translation>
    </message>
    <message>
        <source>No abstract</source>
        <translation>无摘要</translation>
    </message>
    <message>
        <source>Abstract (translation)</source>
        <translation>摘要（译文）</translation>
    </message>
    <message>
        <source>Show Original</source>
        <translation>显示原文</translation>
    </message>
</context>
<context>
    <name>BackupKinds</name>
    <message>
        <source>startup</source>
        <translation>启动时</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>pre-restore</source>
        <translation>还原前</translation>
    </message>
    <message>
        <source>pre-migration</source>
        <translation>升级前</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在还原备份…</translation>
    </message>
    <message>
        <source>Damaged library</source>
        <translation>文献库已损坏</translation>
    </message>
    <message>
        <source>Restore the Backup</source>
        <translation>还原备份</translation>
    </message>
</context>
<context>
    <name>CitationPreview</name>
    <message>
        <source>Select a record to see its citation.</source>
        <translation>选择一条题录以查看其引文。</translation>
    </message>
    <message>
        <source>Citation preview</source>
        <translation>引文预览</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more record(s)</source>
        <translation>
            <numerusform>……以及另外 %n 条题录</numerusform>
        </translation>
    </message>
    <message>
        <source>In text:</source>
        <translation>文内引用：</translation>
    </message>
    <message>
        <source>This style could not format the record.</source>
        <translation>此引文格式无法格式化该题录。</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Creators</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Publication</source>
        <translation>出版物</translation>
    </message>
    <message>
        <source>Item Type</source>
        <translation>文献类型</translation>
    </message>
    <message>
        <source>Date Added</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>Citation Key</source>
        <translation>引用键</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>修改日期</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Refshelf: Unexpected Error</source>
        <translation>Refshelf：意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside Refshelf. This is a bug, not something you did. Your library is safe: changes are only saved when they are complete.</source>
        <translation>Refshelf 内部出现了问题。这是程序缺陷，并非您的操作所致。您的文献库是安全的：修改只有在完整完成后才会保存。</translation>
    </message>
    <message>
        <source>The details are in the log file:
{path}</source>
        <translation>详细信息见日志文件：
{path}</translation>
    </message>
    <message>
        <source>No log file is being written.</source>
        <translation>当前未写入日志文件。</translation>
    </message>
    <message>
        <source>&amp;Copy Details</source>
        <translation>复制详细信息(&amp;C)</translation>
    </message>
    <message>
        <source>Open &amp;Log Folder</source>
        <translation>打开日志所在目录(&amp;L)</translation>
    </message>
</context>
<context>
    <name>CreatorRow</name>
    <message>
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove Creator</source>
        <translation>删除作者</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>姓</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>名</translation>
    </message>
    <message>
        <source>Switch to Two Fields</source>
        <translation>切换为姓、名两栏</translation>
    </message>
    <message>
        <source>Switch to Single Field</source>
        <translation>切换为单栏</translation>
    </message>
</context>
<context>
    <name>CreatorsEditor</name>
    <message>
        <source>Add Creator</source>
        <extracomment>rows were added, removed or moved (the Tab order must follow)</extracomment>
        <translation>添加作者</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Item Type</source>
        <extracomment>the order the fields are offered in: the head of the detail pane first characters of a value shown in a choice (the whole value is its tooltip)
----------
emitted with the record shown (None when none or several)
----------
the core&apos;s label of a one-field edit: &quot;Edit &quot; + the field&apos;s name, &quot;_&quot; as &quot; &quot; what the detail pane calls the parts of a record that are not form fields</extracomment>
        <translation>文献类型</translation>
    </message>
    <message>
        <source>Add Note…</source>
        <translation>添加笔记…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>No record selected</source>
        <translation>未选择题录</translation>
    </message>
    <message>
        <source>{n} records selected</source>
        <translation>已选择 {n} 条题录</translation>
    </message>
    <message>
        <source>More Fields</source>
        <translation>更多字段</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>tag, another tag</source>
        <translation>标签, 另一个标签</translation>
    </message>
    <message>
        <source>keyword; another keyword</source>
        <translation>关键词; 另一个关键词</translation>
    </message>
    <message>
        <source>Open in Browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>Added {added} · Modified {modified}</source>
        <translation>添加于 {added} · 修改于 {modified}</translation>
    </message>
    <message>
        <source>Add Note</source>
        <translation>添加笔记</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>笔记：</translation>
    </message>
    <message>
        <source>Edit Note</source>
        <translation>编辑笔记</translation>
    </message>
    <message>
        <source>The attachment {path} is missing.</source>
        <translation>附件 {path} 不存在。</translation>
    </message>
    <message>
        <source>Add Attachments</source>
        <translation>添加附件</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>题录</translation>
    </message>
    <message numerus="yes">
        <source>The &amp;selected records (%n)</source>
        <translation>
            <numerusform>选中的题录(&amp;S)（%n 条）</numerusform>
        </translation>
    </message>
    <message>
        <source>The current &amp;collection</source>
        <translation>当前文件夹(&amp;C)</translation>
    </message>
    <message>
        <source>The current search &amp;result</source>
        <translation>当前检索结果(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;All records in the library</source>
        <translation>文献库中的全部题录(&amp;A)</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Plain &amp;ASCII BibTeX (LaTeX escapes for accents and other characters)</source>
        <translation>纯 ASCII 的 BibTeX(&amp;A)（重音等字符用 LaTeX 转义）</translation>
    </message>
    <message>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Save to:</source>
        <translation>保存到(&amp;S)：</translation>
    </message>
    <message>
        <source>Export To</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>{path} is a folder. Choose a file name.</source>
        <translation>{path} 是一个目录。请选择一个文件名。</translation>
    </message>
    <message>
        <source>{name} already exists. Replace it?</source>
        <translation>{name} 已存在。要替换它吗？</translation>
    </message>
    <message>
        <source>Exporting to {name}…</source>
        <translation>正在导出到 {name}…</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Translated Title</source>
        <translation>标题译文</translation>
    </message>
    <message>
        <source>Short Title</source>
        <translation>短标题</translation>
    </message>
    <message>
        <source>Creators</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Accessed</source>
        <translation>访问日期</translation>
    </message>
    <message>
        <source>Publication</source>
        <translation>出版物</translation>
    </message>
    <message>
        <source>Journal Abbreviation</source>
        <translation>期刊缩写</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>丛书</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>卷</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>期</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页码</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Edition</source>
        <translation>版次</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>出版者</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>出版地</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>体裁</translation>
    </message>
    <message>
        <source>DOI</source>
        <translation>DOI</translation>
    </message>
    <message>
        <source>ISBN</source>
        <translation>ISBN</translation>
    </message>
    <message>
        <source>ISSN</source>
        <translation>ISSN</translation>
    </message>
    <message>
        <source>PMID</source>
        <translation>PMID</translation>
    </message>
    <message>
        <source>PMCID</source>
        <translation>PMCID</translation>
    </message>
    <message>
        <source>arXiv ID</source>
        <translation>arXiv 编号</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语种</translation>
    </message>
    <message>
        <source>Abstract</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Translated Abstract</source>
        <translation>摘要译文</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Citation Key</source>
        <translation>引用键</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>期刊</translation>
    </message>
    <message>
        <source>Magazine</source>
        <translation>杂志</translation>
    </message>
    <message>
        <source>Newspaper</source>
        <translation>报纸</translation>
    </message>
    <message>
        <source>Book Title</source>
        <translation>书名</translation>
    </message>
    <message>
        <source>Encyclopedia</source>
        <translation>百科全书</translation>
    </message>
    <message>
        <source>Dictionary</source>
        <translation>词典</translation>
    </message>
    <message>
        <source>Proceedings Title</source>
        <translation>会议论文集名</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>Blog</source>
        <translation>博客</translation>
    </message>
    <message>
        <source>University</source>
        <translation>学位授予单位</translation>
    </message>
    <message>
        <source>Institution</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>发布机构</translation>
    </message>
    <message>
        <source>Thesis Type</source>
        <translation>学位论文类型</translation>
    </message>
    <message>
        <source>Report Type</source>
        <translation>报告类型</translation>
    </message>
    <message>
        <source>Report Number</source>
        <translation>报告编号</translation>
    </message>
    <message>
        <source>Patent Number</source>
        <translation>专利号</translation>
    </message>
    <message>
        <source>Standard Number</source>
        <translation>标准号</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>All supported files</source>
        <extracomment>CNKI, Web of Science, PubMed and RefWorks exports come as .txt: the reader is chosen by the content (formats.detect), so no format declares the extension</extracomment>
        <translation>所有支持的文件</translation>
    </message>
    <message>
        <source>Text exports (CNKI, Web of Science, PubMed)</source>
        <translation>文本导出（知网、Web of Science、PubMed）</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>Import Files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Files to import:</source>
        <translation>要导入的文件：</translation>
    </message>
    <message>
        <source>&amp;Add Files…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>When a record is already in the library</source>
        <translation>当文献库中已有相同题录时</translation>
    </message>
    <message>
        <source>&amp;Skip it (keep the existing record)</source>
        <translation>跳过(&amp;S)（保留已有题录）</translation>
    </message>
    <message>
        <source>&amp;Import it anyway (a second record)</source>
        <translation>仍然导入(&amp;I)（另存为一条新题录）</translation>
    </message>
    <message>
        <source>&amp;Merge it into the existing record</source>
        <translation>合并到已有题录(&amp;M)</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>Importing %n file(s)…</source>
        <translation>正在导入 %n 个文件…</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <source>Added: {added}   Skipped as duplicates: {skipped}   Merged: {merged}   Failed: {failed}</source>
        <translation>新增：{added}   重复跳过：{skipped}   合并：{merged}   失败：{failed}</translation>
    </message>
    <message>
        <source>Read with problems: {count}</source>
        <translation>读取有问题：{count}</translation>
    </message>
    <message>
        <source>%n record(s) added</source>
        <translation>新增 %n 条题录</translation>
    </message>
    <message>
        <source>%n already in the library</source>
        <translation>%n 条已在文献库中</translation>
    </message>
    <message>
        <source>%n merged</source>
        <translation>合并 %n 条</translation>
    </message>
    <message>
        <source>%n could not be read</source>
        <translation>%n 条无法读取</translation>
    </message>
    <message>
        <source>%n read with problems</source>
        <translation>%n 条读取有问题</translation>
    </message>
</context>
<context>
    <name>ItemTypes</name>
    <message>
        <source>Journal Article</source>
        <translation>期刊论文</translation>
    </message>
    <message>
        <source>Magazine Article</source>
        <translation>杂志文章</translation>
    </message>
    <message>
        <source>Newspaper Article</source>
        <translation>报纸文章</translation>
    </message>
    <message>
        <source>Preprint</source>
        <translation>预印本</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>图书</translation>
    </message>
    <message>
        <source>Book Section</source>
        <translation>图书章节</translation>
    </message>
    <message>
        <source>Conference Paper</source>
        <translation>会议论文</translation>
    </message>
    <message>
        <source>Thesis</source>
        <translation>学位论文</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Web Page</source>
        <translation>网页</translation>
    </message>
    <message>
        <source>Blog Post</source>
        <translation>博客文章</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Patent</source>
        <translation>专利</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Manuscript</source>
        <translation>手稿</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Film</source>
        <translation>影片</translation>
    </message>
    <message>
        <source>Broadcast</source>
        <translation>广播电视节目</translation>
    </message>
    <message>
        <source>Audio Recording</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>演示文稿</translation>
    </message>
    <message>
        <source>Interview</source>
        <translation>访谈</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>信件</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>判例</translation>
    </message>
    <message>
        <source>Statute</source>
        <translation>法规</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>法案</translation>
    </message>
    <message>
        <source>Dictionary Entry</source>
        <translation>词典条目</translation>
    </message>
    <message>
        <source>Encyclopedia Article</source>
        <translation>百科全书条目</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Book Review</source>
        <translation>书评</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>软件</translation>
    </message>
    <message>
        <source>Artwork</source>
        <translation>艺术作品</translation>
    </message>
    <message>
        <source>Pamphlet</source>
        <translation>小册子</translation>
    </message>
    <message>
        <source>Classic</source>
        <translation>古籍</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Search (author:, title:, year:, tag:…)</source>
        <extracomment>delay before a typed search runs; 0: as soon as the event loop is free (keys that arrive together, as a paste or an input method&apos;s commit, give one search)</extracomment>
        <translation>检索（author:、title:、year:、tag:…）</translation>
    </message>
    <message>
        <source>Words match titles, creators, publications, abstracts, keywords and notes.
author:, title:, journal:, year:2019-2023, doi:, tag:, type:, key: narrow to one field; &quot;quoted phrase&quot;; -word excludes; OR gives either.</source>
        <translation>检索词匹配标题、作者、出版物、摘要、关键词和笔记。
author:、title:、journal:、year:2019-2023、doi:、tag:、type:、key: 限定在某一字段中检索；&quot;带引号的短语&quot; 按短语匹配；-词语 表示排除；OR 表示满足其一即可。</translation>
    </message>
    <message>
        <source>{name} (read-only) — Refshelf</source>
        <translation>{name}（只读）— Refshelf</translation>
    </message>
    <message>
        <source>This library is open read-only: {reason}</source>
        <translation>此文献库以只读方式打开：{reason}</translation>
    </message>
    <message>
        <source>{name} — Refshelf</source>
        <translation>{name} — Refshelf</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import references from files</source>
        <translation>从文件导入参考文献</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Export references to a file</source>
        <translation>将参考文献导出到文件</translation>
    </message>
    <message>
        <source>New &amp;Collection…</source>
        <translation>新建文件夹(&amp;C)…</translation>
    </message>
    <message>
        <source>Restore from &amp;Backup…</source>
        <translation>从备份还原(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Copy &amp;Citation</source>
        <translation>复制引文(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the bibliography of the selected records</source>
        <translation>复制选中题录的参考文献表</translation>
    </message>
    <message>
        <source>Copy &amp;In-text Citation</source>
        <translation>复制文内引用(&amp;I)</translation>
    </message>
    <message>
        <source>Copy as &amp;BibTeX</source>
        <translation>复制为 BibTeX(&amp;B)</translation>
    </message>
    <message>
        <source>Copy Citation &amp;Key</source>
        <translation>复制引用键(&amp;K)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>Move to &amp;Trash</source>
        <translation>移到回收站(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Restore to Library</source>
        <translation>还原到文献库(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Empty Trash…</source>
        <translation>清空回收站(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Merge Selected Records</source>
        <translation>合并选中的题录(&amp;M)</translation>
    </message>
    <message>
        <source>Add &amp;Tag…</source>
        <translation>添加标签(&amp;T)…</translation>
    </message>
    <message>
        <source>Edit Record</source>
        <translation>编辑题录</translation>
    </message>
    <message>
        <source>Show &amp;All Records</source>
        <translation>显示全部题录(&amp;A)</translation>
    </message>
    <message>
        <source>Next Pane</source>
        <translation>下一个窗格</translation>
    </message>
    <message>
        <source>Previous Pane</source>
        <translation>上一个窗格</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>Add Citation &amp;Style…</source>
        <translation>添加引文格式(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;About Refshelf</source>
        <translation>关于 Refshelf(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Columns</source>
        <translation>列(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Backup restored; the library as it was is kept in %1</source>
        <translation>备份已还原；还原前的文献库保存在 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条题录</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete Permanently…</source>
        <translation>永久删除…</translation>
    </message>
    <message>
        <source>Refshelf</source>
        <translation>Refshelf</translation>
    </message>
    <message>
        <source>Delete Permanently</source>
        <translation>永久删除</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n record(s) permanently? This cannot be undone once the undo history moves on.</source>
        <translation>
            <numerusform>要永久删除 %n 条题录吗？撤销记录更新后将无法再恢复。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Moved %n record(s) to the Trash.</source>
        <translation>
            <numerusform>已将 %n 条题录移到回收站。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restored %n record(s).</source>
        <translation>
            <numerusform>已还原 %n 条题录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Empty Trash</source>
        <translation>清空回收站</translation>
    </message>
    <message numerus="yes">
        <source>Permanently delete the %n record(s) in the Trash?</source>
        <translation>
            <numerusform>要永久删除回收站中的 %n 条题录吗？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Merged %n record(s) into one.</source>
        <translation>
            <numerusform>已将 %n 条记录合并为一条。</numerusform>
        </translation>
    </message>
    <message>
        <source>Add Tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Tag:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Add to Collection</source>
        <translation>添加到文件夹</translation>
    </message>
    <message>
        <source>New Collection…</source>
        <translation>新建文件夹…</translation>
    </message>
    <message>
        <source>Remove from Collection</source>
        <translation>从文件夹中移除</translation>
    </message>
    <message>
        <source>Remove Tag “{tag}”</source>
        <translation>移除标签“{tag}”</translation>
    </message>
    <message>
        <source>Imported: {added} added, {skipped} duplicates skipped, {merged} merged, {failed} failed.</source>
        <translation>导入完成：新增 {added} 条，跳过重复 {skipped} 条，合并 {merged} 条，失败 {failed} 条。</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>已导出到 {path}。</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n record(s) to the clipboard.</source>
        <translation>
            <numerusform>已将 %n 条题录复制到剪贴板。</numerusform>
        </translation>
    </message>
    <message>
        <source>Copying failed: {error}</source>
        <translation>复制失败：{error}</translation>
    </message>
    <message>
        <source>&amp;New Record</source>
        <translation>新建条目(&amp;N)</translation>
    </message>
    <message>
        <source>Add an empty journal article and type its fields</source>
        <translation>添加一条空白期刊文章，再填写各字段</translation>
    </message>
    <message>
        <source>Pa&amp;ste</source>
        <translation>粘贴(&amp;S)</translation>
    </message>
    <message>
        <source>Import what the clipboard holds: BibTeX or RIS text, DOIs, copied files or a saved page</source>
        <translation>导入剪贴板中的内容：BibTeX 或 RIS 文本、DOI、复制的文件或保存的网页</translation>
    </message>
    <message>
        <source>Added an empty record: type its title.</source>
        <translation>已添加空白条目：请输入标题。</translation>
    </message>
    <message>
        <source>Nothing to paste: the clipboard holds no BibTeX or RIS text, DOI, link, file or saved page.</source>
        <translation>没有可粘贴的内容：剪贴板中没有 BibTeX 或 RIS 文本、DOI、链接、文件或保存的网页。</translation>
    </message>
    <message>
        <source>line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <source>Nothing was imported from the clipboard: {reason}</source>
        <translation>未从剪贴板导入任何内容：{reason}</translation>
    </message>
    <message numerus="yes">
        <source>Only the DOI was stored for %n record(s): Refshelf does not look DOIs up online. Fill in the fields, or import the publisher&apos;s page or a .bib/.ris file.</source>
        <translation>
            <numerusform>%n 条记录只保存了 DOI：Refshelf 不在线查询 DOI。请填写各字段，或导入出版社网页或 .bib/.ris 文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to import in what was dropped.</source>
        <translation>拖入的内容中没有可导入的题录。</translation>
    </message>
    <message>
        <source>Add Citation Style</source>
        <translation>添加引文格式</translation>
    </message>
    <message>
        <source>CSL citation styles (*.csl)</source>
        <translation>CSL 引文格式 (*.csl)</translation>
    </message>
    <message>
        <source>Added the citation style {title}.</source>
        <translation>已添加引文格式“{title}”。</translation>
    </message>
    <message>
        <source>Already in the library</source>
        <translation>已在文献库中</translation>
    </message>
    <message numerus="yes">
        <source>%n dropped record(s) are already in the library and are selected. Merge what was read from the drop into them?</source>
        <translation>
            <numerusform>拖入的 %n 条题录已在文献库中，并已选中。要将拖入时读取的内容合并到这些题录中吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Work is still running. Cancel it and quit?</source>
        <translation>还有任务在运行。要取消任务并退出吗？</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge Records</source>
        <translation>合并记录</translation>
    </message>
    <message>
        <source>Choose the master record: the others are merged into it and moved to the Trash.</source>
        <translation>选择主记录：其他记录将合并到其中，并移入回收站。</translation>
    </message>
    <message>
        <source>Tags, notes, attachments, keywords and collections of all the records are kept. The values not chosen are kept in the merged record&apos;s extra data.</source>
        <translation>所有记录的标签、笔记、附件、关键词和文件夹都会保留。未选中的值保存在合并后记录的附加数据中。</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>合并(&amp;M)</translation>
    </message>
    <message>
        <source>Master</source>
        <translation>主记录</translation>
    </message>
    <message>
        <source>First Author</source>
        <translation>第一作者</translation>
    </message>
    <message>
        <source>Master: {title}</source>
        <translation>主记录：{title}</translation>
    </message>
    <message>
        <source>The records differ in these fields: choose the value to keep. The numbers are the records&apos; rows above.</source>
        <translation>这些记录在以下字段上不同：请选择要保留的值。编号即上方记录的行号。</translation>
    </message>
    <message>
        <source>The records do not differ in any field with a choice.</source>
        <translation>这些记录在可选字段上没有差异。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>System default ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
    <message>
        <source>The style&apos;s own language</source>
        <translation>样式自身的语言</translation>
    </message>
    <message>
        <source>The language of the words a citation style adds, such as &quot;et al.&quot;, &quot;n.d.&quot; or &quot;edited by&quot;. GB/T 7714 writes 等 for Chinese works in any language.</source>
        <translation>引文样式所加词语的语言，如“et al.”“n.d.”“edited by”。GB/T 7714 对中文文献总是写“等”。</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Citation language:</source>
        <translation>引文语言(&amp;C)：</translation>
    </message>
    <message>
        <source>A new language is used the next time Refshelf starts.</source>
        <translation>新的界面语言将在下次启动 Refshelf 时生效。</translation>
    </message>
    <message>
        <source>The preferences could not be saved: {error}</source>
        <translation>无法保存首选项：{error}</translation>
    </message>
    <message>
        <source>Restart Refshelf to use the new language.</source>
        <translation>请重新启动 Refshelf 以使用新的界面语言。</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>DOI {doi}</source>
        <extracomment>emitted after the id list was replaced (search, source, sort, membership change) emitted when every id of the current query is in the model the same after a typed search (``wait=False``): while the user types on, the next keystroke comes first and the full list of this one is never read SQLite VM steps between two checks whether a background query became stale id -&gt; (display strings, has attachments, the title shown is a stand-in) turns records into text for drags (set by the window: formatted citations)</extracomment>
        <translation>（仅有 DOI）{doi}</translation>
    </message>
    <message>
        <source>(no title)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <source>Has attachments</source>
        <translation>有附件</translation>
    </message>
</context>
<context>
    <name>RecordTableView</name>
    <message>
        <source>Columns</source>
        <extracomment>the selected record ids, in table order</extracomment>
        <translation>列</translation>
    </message>
    <message>
        <source>Restore Default Columns</source>
        <translation>恢复默认列</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Import Report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <source>These entries could not be read; everything else was imported:</source>
        <translation>以下条目无法读取；其余条目均已导入：</translation>
    </message>
    <message>
        <source>These entries were imported, but their text has errors; check their fields:</source>
        <translation>以下条目已导入，但其文本有错误，请检查其字段：</translation>
    </message>
    <message>
        <source>Every entry was read.</source>
        <translation>所有条目均已读取。</translation>
    </message>
    <message>
        <source>&amp;Copy Report</source>
        <translation>复制报告(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the counts and the failure list</source>
        <translation>复制统计数字和失败列表</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from Backup</source>
        <translation>从备份还原</translation>
    </message>
    <message>
        <source>Choose a backup. The library as it is now is backed up first, so the restore can itself be undone by restoring that backup.</source>
        <translation>请选择一个备份。还原前会先备份文献库的当前状态，因此还原本身也可以通过还原该备份来撤销。</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>题录数</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>还原</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>编者</translation>
    </message>
    <message>
        <source>Translator</source>
        <translation>译者</translation>
    </message>
    <message>
        <source>Book Author</source>
        <translation>图书作者</translation>
    </message>
    <message>
        <source>Series Editor</source>
        <translation>丛书主编</translation>
    </message>
    <message>
        <source>Composer</source>
        <translation>作曲者</translation>
    </message>
    <message>
        <source>Director</source>
        <translation>导演</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>采访者</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Reviewed Author</source>
        <translation>被评作者</translation>
    </message>
    <message>
        <source>Illustrator</source>
        <translation>绘图者</translation>
    </message>
    <message>
        <source>Contributor</source>
        <translation>贡献者</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <extracomment>an action&apos;s dynamic property with its name for the list, when its text changes (Undo and Redo carry the last operation: &quot;Undo Add to collection&quot;) between an action&apos;s key sequences (&quot;, &quot; separates the chords of one sequence)</extracomment>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>SourceList</name>
    <message>
        <source>All Records</source>
        <extracomment>the user asked to empty the trash (the window asks for confirmation)</extracomment>
        <translation>全部题录</translation>
    </message>
    <message>
        <source>Unfiled</source>
        <translation>未归类</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>查重</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>New Collection…</source>
        <translation>新建文件夹…</translation>
    </message>
    <message>
        <source>New Subcollection…</source>
        <translation>新建子文件夹…</translation>
    </message>
    <message>
        <source>Rename Collection…</source>
        <translation>重命名文件夹…</translation>
    </message>
    <message>
        <source>Move to Top Level</source>
        <translation>移到顶层</translation>
    </message>
    <message>
        <source>Delete Collection…</source>
        <translation>删除文件夹…</translation>
    </message>
    <message>
        <source>Empty Trash…</source>
        <translation>清空回收站…</translation>
    </message>
    <message>
        <source>New Collection</source>
        <translation>新建文件夹</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Rename Collection</source>
        <translation>重命名文件夹</translation>
    </message>
    <message>
        <source>Delete Collection</source>
        <translation>删除文件夹</translation>
    </message>
    <message>
        <source>Delete the collection “{name}” and its subcollections? The records stay in the library.</source>
        <translation>要删除文件夹“{name}”及其子文件夹吗？其中的题录仍保留在文献库中。</translation>
    </message>
</context>
<context>
    <name>StyleNames</name>
    <message>
        <source>APA Style 7th edition</source>
        <translation>APA 格式（第 7 版）</translation>
    </message>
    <message>
        <source>MLA Handbook 9th edition (in-text citations)</source>
        <translation>MLA 格式（第 9 版，文内引用）</translation>
    </message>
    <message>
        <source>Chicago Manual of Style 18th edition (author-date)</source>
        <translation>芝加哥格式（第 18 版，著者-出版年制）</translation>
    </message>
    <message>
        <source>Chicago Manual of Style 18th edition (notes and bibliography)</source>
        <translation>芝加哥格式（第 18 版，注释-参考文献制）</translation>
    </message>
    <message>
        <source>IEEE Reference Guide version 11.29.2023</source>
        <translation>IEEE 格式（2023-11-29 版）</translation>
    </message>
    <message>
        <source>Cite Them Right 12th edition (author-date/Harvard)</source>
        <translation>Cite Them Right（第 12 版，哈佛著者-出版年制）</translation>
    </message>
    <message>
        <source>AMA Manual of Style 11th edition</source>
        <translation>AMA 格式（第 11 版）</translation>
    </message>
    <message>
        <source>Vancouver (ICMJE recommendations; NLM citation-sequence)</source>
        <translation>温哥华格式（ICMJE 建议，NLM 顺序编码制）</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>China National Standard GB/T 7714-2015 (numeric, 中文)</source>
        <translation>GB/T 7714-2015 顺序编码制</translation>
    </message>
    <message>
        <source>China National Standard GB/T 7714-2015 (author-date, 中文)</source>
        <translation>GB/T 7714-2015 著者-出版年制</translation>
    </message>
</context>
<context>
    <name>StylePicker</name>
    <message>
        <source>Citation style</source>
        <translation>引文格式</translation>
    </message>
    <message>
        <source>Citation &amp;Style</source>
        <translation>引文格式(&amp;S)</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Working</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Refshelf</source>
        <translation>Refshelf</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>Welcome to Refshelf</source>
        <translation>欢迎使用 Refshelf</translation>
    </message>
    <message>
        <source>Your library is empty. Import a file of references (BibTeX, RIS, EndNote, NoteExpress and other CNKI exports, Web of Science, PubMed, CSL-JSON) or drop web pages saved from your browser, PDFs or reference files anywhere on this window. Ctrl+V pastes BibTeX or RIS text; Ctrl+N adds a record by hand.</source>
        <translation>文献库是空的。请导入参考文献文件（BibTeX、RIS、EndNote、NoteExpress 及知网的其他导出格式、Web of Science、PubMed、CSL-JSON），或把浏览器保存的网页、PDF 或参考文献文件拖到本窗口的任意位置。按 Ctrl+V 粘贴 BibTeX 或 RIS 文本；按 Ctrl+N 手动添加条目。</translation>
    </message>
    <message>
        <source>Import a File…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Tip: drag the saved page of an article (.html, .mhtml) here to get a complete record.</source>
        <translation>提示：将保存下来的文章网页（.html、.mhtml）拖到这里，即可得到完整的题录。</translation>
    </message>
</context>
<context>
    <name>clipboard</name>
    <message>
        <source>Formatting the citation…</source>
        <translation>正在生成引文…</translation>
    </message>
    <message>
        <source>Formatting %n reference(s)…</source>
        <translation>正在生成 %n 条参考文献…</translation>
    </message>
    <message>
        <source>Writing BibTeX…</source>
        <translation>正在生成 BibTeX…</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>Add record</source>
        <translation>添加题录</translation>
    </message>
    <message>
        <source>Add tags</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Add to collection</source>
        <translation>添加到文件夹</translation>
    </message>
    <message>
        <source>Citation style file not found: {path}</source>
        <translation>找不到引文格式文件：{path}</translation>
    </message>
    <message>
        <source>Delete collection</source>
        <translation>删除文件夹</translation>
    </message>
    <message>
        <source>Edit record</source>
        <translation>编辑题录</translation>
    </message>
    <message>
        <source>Empty trash</source>
        <translation>清空回收站</translation>
    </message>
    <message>
        <source>Formatting the citations took too long (over {seconds} s).</source>
        <translation>生成引文耗时过长（超过 {seconds} 秒）。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Merge records</source>
        <translation>合并题录</translation>
    </message>
    <message>
        <source>Move collection</source>
        <translation>移动文件夹</translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>No citation locale given.</source>
        <translation>未指定引文语言。</translation>
    </message>
    <message>
        <source>No citation style given.</source>
        <translation>未指定引文格式。</translation>
    </message>
    <message>
        <source>PDF files can be read but not written</source>
        <translation>PDF 文件只能读取，不能写入</translation>
    </message>
    <message>
        <source>PDF support is not installed (pypdf)</source>
        <translation>未安装 PDF 支持组件（pypdf）</translation>
    </message>
    <message>
        <source>Remove from collection</source>
        <translation>从文件夹中移除</translation>
    </message>
    <message>
        <source>Remove tags</source>
        <translation>移除标签</translation>
    </message>
    <message>
        <source>Rename collection</source>
        <translation>重命名文件夹</translation>
    </message>
    <message>
        <source>Restore from trash</source>
        <translation>从回收站还原</translation>
    </message>
    <message>
        <source>The citation engine (pandoc) could not be started: {detail}</source>
        <translation>无法启动引文引擎（pandoc）：{detail}</translation>
    </message>
    <message>
        <source>The citation engine (pandoc) is not installed. Reinstall Refshelf, or install pypandoc-binary.</source>
        <translation>未安装引文引擎（pandoc）。请重新安装 Refshelf，或安装 pypandoc-binary。</translation>
    </message>
    <message>
        <source>The style {style} depends on the style {parent}, which is not installed. Add {parent}.csl to your styles first.</source>
        <translation>引文格式 {style} 依赖于引文格式 {parent}，但后者尚未安装。请先将 {parent}.csl 添加到引文格式中。</translation>
    </message>
    <message>
        <source>Unknown citation locale: {locale}. Known locales: {known}</source>
        <translation>未知的引文语言：{locale}。可用的语言：{known}</translation>
    </message>
    <message>
        <source>Unknown citation style: {name}</source>
        <translation>未知的引文格式：{name}</translation>
    </message>
    <message>
        <source>a collection cannot be moved into itself</source>
        <translation>文件夹不能移动到它自身之中</translation>
    </message>
    <message>
        <source>a collection needs a name</source>
        <translation>文件夹需要一个名称</translation>
    </message>
    <message>
        <source>a record cannot be merged with itself</source>
        <translation>题录不能与自身合并</translation>
    </message>
    <message>
        <source>cannot create the folder {folder}: {err}</source>
        <translation>无法创建目录 {folder}：{err}</translation>
    </message>
    <message>
        <source>cannot move the damaged library {path} aside: {err}</source>
        <translation>无法将损坏的文献库 {path} 移到别处：{err}</translation>
    </message>
    <message>
        <source>cannot open the file: {err}</source>
        <translation>无法打开文件：{err}</translation>
    </message>
    <message>
        <source>cannot open the library {path}: {err}</source>
        <translation>无法打开文献库 {path}：{err}</translation>
    </message>
    <message>
        <source>cannot read the file: {err}</source>
        <translation>无法读取文件：{err}</translation>
    </message>
    <message>
        <source>cannot read the style file ({detail})</source>
        <translation>无法读取引文格式文件（{detail}）</translation>
    </message>
    <message>
        <source>cannot write {path}: {err}</source>
        <translation>无法写入 {path}：{err}</translation>
    </message>
    <message>
        <source>expected a JSON array of CSL items</source>
        <translation>应为由 CSL 条目组成的 JSON 数组</translation>
    </message>
    <message>
        <source>no EndNote XML record found (no &lt;record&gt; elements)</source>
        <translation>未找到 EndNote XML 记录（没有 &lt;record&gt; 元素）</translation>
    </message>
    <message>
        <source>no EndNote/Refer record found (no &apos;%0&apos; or &apos;%T&apos; lines)</source>
        <translation>未找到 EndNote/Refer 题录（没有 &apos;%0&apos; 或 &apos;%T&apos; 行）</translation>
    </message>
    <message>
        <source>no MEDLINE record found</source>
        <translation>未找到 MEDLINE 题录</translation>
    </message>
    <message>
        <source>no NoteExpress record found (no &apos;{Reference Type}:&apos; lines)</source>
        <translation>未找到 NoteExpress 题录（没有 &apos;{Reference Type}:&apos; 行）</translation>
    </message>
    <message>
        <source>no Ovid record found (no &apos;&lt;1. &gt;&apos; marks or &apos;TAG  - value&apos; lines)</source>
        <translation>未找到 Ovid 记录（没有“&lt;1. &gt;”标记或“TAG  - value”行）</translation>
    </message>
    <message>
        <source>no RIS record found (no &apos;TY  - &apos; line)</source>
        <translation>未找到 RIS 题录（没有 &apos;TY  - &apos; 行）</translation>
    </message>
    <message>
        <source>no RefWorks record found (no &apos;RT&apos; lines)</source>
        <translation>未找到 RefWorks 题录（没有 &apos;RT&apos; 行）</translation>
    </message>
    <message>
        <source>no Web of Science record found (no &apos;PT&apos; or tagged lines)</source>
        <translation>未找到 Web of Science 题录（没有 &apos;PT&apos; 行或字段标记行）</translation>
    </message>
    <message>
        <source>no record with id {id}</source>
        <translation>没有 ID 为 {id} 的题录</translation>
    </message>
    <message>
        <source>not a CSL style: it has neither a &lt;citation&gt; layout nor a parent style</source>
        <translation>不是 CSL 引文格式：既没有 &lt;citation&gt; 布局，也没有父格式</translation>
    </message>
    <message>
        <source>not a CSL style: it has no &lt;id&gt;</source>
        <translation>不是 CSL 引文格式：缺少 &lt;id&gt;</translation>
    </message>
    <message>
        <source>not a CSL style: it has no &lt;info&gt; block</source>
        <translation>不是 CSL 引文格式：缺少 &lt;info&gt; 部分</translation>
    </message>
    <message>
        <source>not a CSL style: the XML is malformed ({detail})</source>
        <translation>不是 CSL 引文格式：XML 格式错误（{detail}）</translation>
    </message>
    <message>
        <source>not a CSL style: the root element is not &lt;style&gt; in the CSL namespace</source>
        <translation>不是 CSL 引文格式：根元素不是 CSL 命名空间中的 &lt;style&gt;</translation>
    </message>
    <message>
        <source>not a PDF file</source>
        <translation>不是 PDF 文件</translation>
    </message>
    <message>
        <source>not a format Refshelf can read</source>
        <translation>不是 Refshelf 能读取的格式</translation>
    </message>
    <message>
        <source>not a readable MHTML file: {err}</source>
        <translation>无法读取的 MHTML 文件：{err}</translation>
    </message>
    <message>
        <source>not a readable PDF: {err}</source>
        <translation>无法读取的 PDF：{err}</translation>
    </message>
    <message>
        <source>not a readable Safari web archive: {err}</source>
        <translation>无法读取的 Safari 网页归档：{err}</translation>
    </message>
    <message>
        <source>record has no title, author or identifier</source>
        <translation>题录没有标题、作者或标识符</translation>
    </message>
    <message>
        <source>record {id} was changed elsewhere since it was opened; reload it and edit again</source>
        <translation>题录 {id} 在打开后已被其他地方修改；请重新载入后再编辑</translation>
    </message>
    <message>
        <source>saved web pages can be read but not written</source>
        <translation>保存的网页只能读取，不能写入</translation>
    </message>
    <message>
        <source>tagged lines without a &apos;TY  - &apos; line; not a RIS record</source>
        <translation>有字段标记行但没有 &apos;TY  - &apos; 行；不是 RIS 题录</translation>
    </message>
    <message>
        <source>the BibTeX file could not be split into entries: {err}</source>
        <translation>无法将 BibTeX 文件拆分为条目：{err}</translation>
    </message>
    <message>
        <source>the JSON is nested too deeply to read</source>
        <translation>JSON 嵌套层次过深，无法读取</translation>
    </message>
    <message>
        <source>the MHTML document cannot be decoded: {err}</source>
        <translation>无法解码 MHTML 文档：{err}</translation>
    </message>
    <message>
        <source>the MHTML file holds no HTML document</source>
        <translation>MHTML 文件中没有 HTML 文档</translation>
    </message>
    <message>
        <source>the backup {name} is damaged or unusable; choose another</source>
        <translation>备份 {name} 已损坏或无法使用；请选择其他备份</translation>
    </message>
    <message>
        <source>the citation style could not be applied: {detail}</source>
        <translation>无法应用引文格式：{detail}</translation>
    </message>
    <message>
        <source>the disk is full: nothing was written to {path}</source>
        <translation>磁盘已满：未向 {path} 写入任何内容</translation>
    </message>
    <message>
        <source>the disk is full: {what} {path} was not made</source>
        <translation>磁盘已满：未能创建{what} {path}</translation>
    </message>
    <message>
        <source>the dropped text holds no DOI, URL, BibTeX or RIS record</source>
        <translation>拖入的文本中没有 DOI、网址、BibTeX 或 RIS 题录</translation>
    </message>
    <message>
        <source>the dropped text is empty</source>
        <translation>拖入的文本为空</translation>
    </message>
    <message>
        <source>the dropped text is too long to read</source>
        <translation>拖入的文本过长，无法读取</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>the file is {mb} MB; files over {limit} MB are not read</source>
        <translation>文件大小为 {mb} MB；超过 {limit} MB 的文件不予读取</translation>
    </message>
    <message>
        <source>the library {path} does not exist</source>
        <translation>文献库 {path} 不存在</translation>
    </message>
    <message>
        <source>the library {path} is being restored or repaired by another Refshelf process; try again when it has finished</source>
        <translation>另一个 Refshelf 进程正在还原或修复文献库 {path}；请在其完成后重试</translation>
    </message>
    <message>
        <source>the library {path} is busy: another program is writing to it</source>
        <translation>文献库 {path} 正忙：另一个程序正在写入</translation>
    </message>
    <message>
        <source>the library {path} is busy; try the restore again</source>
        <translation>文献库 {path} 正忙；请重新尝试还原</translation>
    </message>
    <message>
        <source>the library {path} is damaged ({problem}). Nothing has been written to it, and there is no good backup. Keep the file: much of it can often be saved with the sqlite3 tool&apos;s .recover command</source>
        <translation>文献库 {path} 已损坏（{problem}）。没有向其中写入任何内容，且没有可用的备份。请保留该文件：通常可用 sqlite3 工具的 .recover 命令挽救其中的大部分数据</translation>
    </message>
    <message>
        <source>the library {path} is damaged ({problem}). Nothing has been written to it. The newest good backup is {backup} from {when}: restore it with &apos;refshelf backup restore {backup}&apos; or from the Backups dialog; the damaged file is then kept aside, not deleted</source>
        <translation>文献库 {path} 已损坏（{problem}）。没有向其中写入任何内容。最新的可用备份是 {when} 的 {backup}：可用 &apos;refshelf backup restore {backup}&apos; 或在“备份”对话框中还原；损坏的文件届时会另行保留，不会被删除</translation>
    </message>
    <message>
        <source>the library {path} is damaged ({problem}); no backup was made, so the good backups are kept</source>
        <translation>文献库 {path} 已损坏（{problem}）；未进行备份，以保留现有的可用备份</translation>
    </message>
    <message>
        <source>the library {path} is locked by another program</source>
        <translation>文献库 {path} 已被另一个程序锁定</translation>
    </message>
    <message>
        <source>the library {path} is open in another Refshelf window or command; close it there first</source>
        <translation>文献库 {path} 已在另一个 Refshelf 窗口或命令中打开；请先在那里关闭它</translation>
    </message>
    <message>
        <source>the library {path} is open read-only</source>
        <translation>文献库 {path} 以只读方式打开</translation>
    </message>
    <message>
        <source>the library {path} is open read-only; it cannot be restored</source>
        <translation>文献库 {path} 以只读方式打开；无法还原</translation>
    </message>
    <message>
        <source>the library {path} is read-only</source>
        <translation>文献库 {path} 是只读的</translation>
    </message>
    <message>
        <source>the library {path} is read-only and needs an upgrade it cannot get</source>
        <translation>文献库 {path} 是只读的，无法进行所需的升级</translation>
    </message>
    <message>
        <source>the page file is {mb} MB; saved pages over {limit} MB are not read</source>
        <translation>网页文件大小为 {mb} MB；超过 {limit} MB 的保存网页不予读取</translation>
    </message>
    <message>
        <source>the restored library fails its check ({problem}); the state before is in {pre}</source>
        <translation>还原后的文献库未通过检查（{problem}）；还原前的状态保存在 {pre}</translation>
    </message>
    <message>
        <source>the style cannot format a citation: {detail}</source>
        <translation>该引文格式无法生成引文：{detail}</translation>
    </message>
    <message>
        <source>the style file does not exist</source>
        <translation>引文格式文件不存在</translation>
    </message>
    <message>
        <source>the style&apos;s parent chain loops</source>
        <translation>引文格式的父格式链出现循环</translation>
    </message>
    <message>
        <source>the web archive holds no main document</source>
        <translation>网页归档中没有主文档</translation>
    </message>
    <message>
        <source>there is no backup called {name}; &apos;refshelf backup list&apos; shows them</source>
        <translation>没有名为 {name} 的备份；可用 &apos;refshelf backup list&apos; 查看所有备份</translation>
    </message>
    <message>
        <source>there is no good backup of {path} to recover from</source>
        <translation>{path} 没有可用于恢复的备份</translation>
    </message>
    <message>
        <source>this library was made by a newer Refshelf (schema {v}); this version reads up to {cur}</source>
        <translation>此文献库由更新版本的 Refshelf 创建（结构版本 {v}）；本版本最高只能读取版本 {cur}</translation>
    </message>
    <message>
        <source>unknown format &apos;{fid}&apos; (known: {known})</source>
        <translation>未知格式 &apos;{fid}&apos;（可用格式：{known}）</translation>
    </message>
    <message>
        <source>writing to {path} failed: {err}</source>
        <translation>写入 {path} 失败：{err}</translation>
    </message>
    <message>
        <source>{path} is a database made by another program, not a Refshelf library; it was left unchanged</source>
        <translation>{path} 是其他程序创建的数据库，不是 Refshelf 文献库；未做任何改动</translation>
    </message>
    <message>
        <source>{what} {path} failed: {err}</source>
        <translation>{what} {path} 失败：{err}</translation>
    </message>
    <message>
        <source>Edit {0}</source>
        <translation>编辑{0}</translation>
    </message>
    <message>
        <source>Import {0}</source>
        <translation>导入 {0}</translation>
    </message>
    <message>
        <source>Import {0} files</source>
        <translation>导入 {0} 个文件</translation>
    </message>
    <message>
        <source>Move {0} records to trash</source>
        <translation>将 {0} 条题录移到回收站</translation>
    </message>
    <message>
        <source>New collection {0}</source>
        <translation>新建文件夹“{0}”</translation>
    </message>
    <message>
        <source>cannot read RIS: {0}</source>
        <translation>无法读取 RIS：{0}</translation>
    </message>
    <message>
        <source>cannot read record: {0}</source>
        <translation>无法读取题录：{0}</translation>
    </message>
    <message>
        <source>duplicate citation key &apos;{0}&apos;{1}</source>
        <translation>引用键 &apos;{0}&apos; 重复{1}</translation>
    </message>
    <message>
        <source>entry &apos;{0}&apos; has a syntax error; read leniently, check its fields: {1}</source>
        <translation>条目“{0}”有语法错误；已宽松读取，请检查其字段：{1}</translation>
    </message>
    <message>
        <source>entry &apos;{0}&apos; has no fields</source>
        <translation>条目 &apos;{0}&apos; 没有任何字段</translation>
    </message>
    <message>
        <source>entry &apos;{0}&apos; has no usable fields</source>
        <translation>条目 &apos;{0}&apos; 没有可用的字段</translation>
    </message>
    <message>
        <source>entry &apos;{0}&apos;: a comma is missing after field &apos;{1}&apos;; read leniently</source>
        <translation>条目“{0}”：字段“{1}”后缺少逗号；已宽松读取</translation>
    </message>
    <message>
        <source>entry &apos;{0}&apos;: duplicate fields ({1}); the first of each is used</source>
        <translation>条目“{0}”：字段重复（{1}）；各取第一个</translation>
    </message>
    <message>
        <source>entry &apos;{0}&apos;: the brace opened in field &apos;{1}&apos; is not closed; its value was cut at the end of its line</source>
        <translation>条目“{0}”：字段“{1}”中的左花括号没有闭合；其值截止到该行末尾</translation>
    </message>
    <message>
        <source>entry &apos;{0}&apos;: {1}</source>
        <translation>条目 &apos;{0}&apos;：{1}</translation>
    </message>
    <message>
        <source>item {0} has no title, author or identifier</source>
        <translation>第 {0} 项没有标题、作者或标识符</translation>
    </message>
    <message>
        <source>item {0} is not an object</source>
        <translation>第 {0} 项不是对象</translation>
    </message>
    <message>
        <source>item {0}: {1}</source>
        <translation>第 {0} 项：{1}</translation>
    </message>
    <message>
        <source>malformed XML in this record (column {0}): {1}</source>
        <translation>此记录的 XML 格式错误（第 {0} 列）：{1}</translation>
    </message>
    <message>
        <source>no bibliographic metadata and no usable title in the page ({what})</source>
        <translation>网页中没有文献元数据，也没有可用的标题（{what}）</translation>
    </message>
    <message>
        <source>not valid JSON: {0}</source>
        <translation>不是有效的 JSON：{0}</translation>
    </message>
    <message>
        <source>the saved page is a bot-check page (&apos;{title}&apos;) from the site&apos;s protection, not the article: open the article in the browser, wait until it shows, then save it again</source>
        <translation>保存的网页是网站防护的人机验证页面（&apos;{title}&apos;），而不是文章本身：请在浏览器中打开文章，等待其显示后再重新保存</translation>
    </message>
    <message>
        <source>no reference found in the dropped text</source>
        <extracomment>GNOME Files (and file managers copying it) put copied files here as ``copy``/``cut`` followed by one ``file://`` URL a line, sometimes without text/uri-list</extracomment>
        <translation>拖入的文本中没有找到参考文献</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>拖放导入</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份还原</translation>
    </message>
    <message>
        <source>Merge dropped records</source>
        <translation>合并拖入的题录</translation>
    </message>
    <message>
        <source>Edit</source>
        <extracomment>Changes of an operation, an undo or a redo a translated message for the user (an operation failed)</extracomment>
        <translation>编辑</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Refshelf</source>
        <translation>Refshelf</translation>
    </message>
</context>
<context>
    <name>dragdrop</name>
    <message>
        <source>Importing %n dropped item(s)…</source>
        <translation>正在导入拖入的 %n 项…</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <source>&lt;input&gt;</source>
        <translation>&lt;输入&gt;</translation>
    </message>
</context>
</TS>
