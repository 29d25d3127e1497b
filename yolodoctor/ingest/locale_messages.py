"""System messages as a Chinese-locale machine prints them, read as the English originals they translate.

The error signatures are written from the messages tools print in English. On a machine set to Chinese the
shell, the C library and Windows print the same facts in Chinese: bash's "未找到命令" is "command not found",
cmd.exe's "不是内部或外部命令" is "is not recognized as an internal or external command", glibc's
"没有那个文件或目录" is "No such file or directory", Windows' "页面文件太小，无法完成操作" is WinError 1455.
The scanner's second reading (retyped.py) puts the English original in place of each, so every signature that
knows the English message also knows the Chinese one, and no signature spells the translations itself.

Data only: the translations as the locales ship them (GNU bash and glibc zh_CN/zh_TW message catalogues,
Windows' Chinese system messages, Ubuntu's command-not-found handler, PowerShell's Chinese resources), read
2026-12-05. Each replacement holds no line break, so a line keeps its number.
"""

from __future__ import annotations

import re

# Literal wordings, longest first where one contains another. The English text is the tool's own.
LITERAL_MESSAGES: tuple[tuple[str, str], ...] = (
    # bash (zh_CN, zh_TW): "bash: nvcc: command not found"
    ("未找到命令", "command not found"),
    ("命令找不到", "command not found"),
    # cmd.exe: "'pip' is not recognized as an internal or external command, operable program or batch file."
    ("不是内部或外部命令", " is not recognized as an internal or external command"),
    ("不是內部或外部命令", " is not recognized as an internal or external command"),
    # bash job control and the kernel's signals as bash names them (zh_CN, zh_TW)
    ("已杀死", "Killed"),
    ("已砍掉", "Killed"),
    ("段错误", "Segmentation fault"),
    ("程式記憶體區段錯誤", "Segmentation fault"),
    ("总线错误", "Bus error"),
    ("匯流排錯誤", "Bus error"),
    ("核心已转储", "core dumped"),
    ("非法指令", "Illegal instruction"),
    # glibc strerror (zh_CN)
    ("没有那个文件或目录", "No such file or directory"),
    ("设备上没有空间", "No space left on device"),
    ("权限不够", "Permission denied"),
    ("无法分配内存", "Cannot allocate memory"),
    ("网络不可达", "Network is unreachable"),
    ("没有到主机的路由", "No route to host"),
    ("拒绝连接", "Connection refused"),
    ("连接超时", "Connection timed out"),
    ("域名解析暂时失败", "Temporary failure in name resolution"),
    ("未知的名称或服务", "Name or service not known"),
    # Windows system messages (WinError 2, 3, 5, 32, 126, 127, 1114, 1455, 10054, 10060, 10061)
    ("系统找不到指定的文件", "The system cannot find the file specified"),
    ("系统找不到指定的路径", "The system cannot find the path specified"),
    ("拒绝访问", "Access is denied"),
    ("另一个程序正在使用此文件，进程无法访问", "The process cannot access the file because it is being used by "
                                     "another process"),
    ("找不到指定的模块", "The specified module could not be found"),
    ("找不到指定的程序", "The specified procedure could not be found"),
    ("动态链接库(DLL)初始化例程失败", "A dynamic link library (DLL) initialization routine failed"),
    ("页面文件太小，无法完成操作", "The paging file is too small for this operation to complete"),
    ("远程主机强迫关闭了一个现有的连接", "An existing connection was forcibly closed by the remote host"),
    ("由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败",
     "A connection attempt failed because the connected party did not properly respond after a period of "
     "time, or established connection failed because connected host has failed to respond"),
    ("由于目标计算机积极拒绝，无法连接", "No connection could be made because the target machine actively refused it"),
)
# The characters every literal starts with: a text holding none of them (most logs) is returned as it is.
_FIRST_CHARACTERS = frozenset(chinese[0] for chinese, _english in LITERAL_MESSAGES) | {"行", "列", "找", "无"}

# Wordings that carry a name or a number: bounded, literal-prefixed.
# bash's "line 15:" in "./build.sh: 行 15: nvcc: 未找到命令" (zh_TW: 列).
_SCRIPT_LINE = re.compile(r"(?<=: )[行列] ?(?=\d{1,6}: )")
# Ubuntu's command-not-found handler: "找不到命令 “nvcc”，但可以通过以下软件包安装：" is "Command 'nvcc' not found,
# but can be installed with:".
_COMMAND_NOT_FOUND_HANDLER = re.compile(r"""找不到命令 ?["'“”‘’](?P<command>[\w.+-]{1,60})["'“”‘’]""")
# PowerShell: "无法将“pip”项识别为 cmdlet、函数、脚本文件或可运行程序的名称。" is "The term 'pip' is not recognized as
# the name of a cmdlet, function, script file, or operable program."
_POWERSHELL_TERM = re.compile(r"""无法将 ?["'“”‘’](?P<command>[^"'“”‘’\n]{1,60})["'“”‘’] ?项识别为 ?cmdlet""")


def english_system_messages(text: str) -> str:
    """The text with each Chinese-locale system message above in its English original; lines keep their
    number. A text with none of them is returned unchanged (the same object)."""
    if text.isascii() or _FIRST_CHARACTERS.isdisjoint(text):
        return text
    for chinese, english in LITERAL_MESSAGES:
        if chinese in text:
            text = text.replace(chinese, english)
    if "找不到命令" in text:
        text = _COMMAND_NOT_FOUND_HANDLER.sub(lambda m: f"Command '{m.group('command')}' not found", text)
    if "项识别为" in text:
        text = _POWERSHELL_TERM.sub(lambda m: f"The term '{m.group('command')}' is not recognized as the name "
                                              "of a cmdlet", text)
    if "行" in text or "列" in text:
        text = _SCRIPT_LINE.sub("line ", text)
    return text
