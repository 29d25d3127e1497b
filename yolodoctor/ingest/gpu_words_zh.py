"""More of the GPU unused, said in Chinese, read by the grammar of the phrase (ingest.context's `cuda_unusable`).

context_words.CUDA_UNUSABLE_ZH reads the GPU not used or not called and the work only on the CPU; GPU_IDLE reads a
usage of zero. Two more shapes of the same fact are read here, on a lower-cased line (the GPU said not to be detected,
检测不到/识别不到显卡, is the error signature no-gpu-said-in-words, which ranks a GPU not visible first):

- the GPU with no load at all, in words rather than a number: the GPU, then its load, usage or utilisation, then
  没有 (显卡却一点占用都没有, GPU 负载完全没有, 显卡没有任何占用). The 没有 ends the phrase: "占用没有问题", "占用没有释放" are
  not it;
- a complaint that the work became CPU work: 怎么(是|变成|成了) CPU, 变成(了)用 CPU, 居然(是|在)用 CPU. A wish or a how-to
  (想用 CPU 训练, 怎么用 CPU 训练, 能否用 CPU) has none of these words and is not read.
"""

from __future__ import annotations

import re

GPU_UNUSED_ZH = re.compile(
    # no load at all, in words
    r"(?:gpu|显卡|独显|n卡)[^\n，。,.;；]{0,6}?(?:一点|丝毫|完全|根本|任何)?[ \t]{0,2}(?:的[ \t]{0,2})?"
    r"(?:占用|负载|负荷|使用率|利用率)[ \t]{0,2}(?:都|也|完全|根本)?[ \t]{0,2}(?:没有|没)(?:了)?(?![\u4e00-\u9fff])"
    r"|(?:gpu|显卡|独显|n卡)[^\n，。,.;；]{0,6}?(?:没有|没)[ \t]{0,2}(?:任何|一点)?[ \t]{0,2}(?:占用|负载|负荷)"
    r"|(?:没有|没)[ \t]{0,2}(?:任何|一点)?[ \t]{0,2}(?:gpu|显卡|独显|n卡)[ \t]{0,2}(?:的[ \t]{0,2})?(?:占用|负载|负荷)"
    # a complaint that the work is on the CPU
    r"|(?:怎么|为什么|为啥|咋)[ \t]{0,2}(?:是|变成了?|成了|都是|全是)[ \t]{0,2}(?:用[ \t]{0,2})?cpu"
    r"|变成(?:了)?[ \t]{0,2}(?:用|在)[ \t]{0,2}cpu"
    r"|居然[ \t]{0,2}(?:是|在)?[ \t]{0,2}(?:用|走)[ \t]{0,2}(?:的[ \t]{0,2})?cpu")

# A GeForce model number named bare after the word for a graphics card and a verb or label joining them: "显卡是 4090",
# "我的显卡是5070Ti", "显卡型号为 3060", "显卡用的是 2080ti" (prose_facts reads "显卡 3070ti" and "显卡：4090" itself).
# The number must be a GeForce model (10-50 series and 16: 1050..5090) and end there; a version or a memory size
# ("显卡是 12G", "显卡驱动是 535") is not one.
GPU_NUMBER_ZH = re.compile(r"显卡\s{0,2}(?:型号\s{0,2})?(?:是|为|用的是|用的)\s{0,3}(?:(?i:nvidia|geforce|英伟达)\s{0,3})?"
                           r"(?P<number>(?:[1-5]0|16)[5-9]0)(?P<ti>\s?(?i:ti))?(?![A-Za-z0-9_.-])")
