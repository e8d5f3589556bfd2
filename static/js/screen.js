// 电商区域统计看板 · 大屏 (/screen): written in issue 24.
(function () { 'use strict'; }());
