"""Every string the app shows, in English and Arabic, and locale-aware formatting.

One catalogue, one lookup (:func:`t`). Dates and numbers go through babel so
Arabic gets Arabic month names. Digits: we use Western digits (0-9) in both
languages, as the seed article and most Arabic news sites on this period do,
and because the dates in the data, URLs and exports are written that way too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from babel import Locale
from babel.dates import format_date, get_day_names, get_month_names
from babel.numbers import format_decimal

LANGS = ("en", "ar")
RTL = frozenset({"ar"})
BABEL_LOCALES = {"en": "en_GB", "ar": "ar"}

CATALOGUE: dict[str, dict[str, str]] = {
    "app_title": {
        "en": "The Russo-Japanese War, 1891–1905",
        "ar": "الحرب الروسية اليابانية، 1891–1905",
    },
    "language": {"en": "Language", "ar": "اللغة"},
    "map_frame_title": {
        "en": "Map of East Asia on the chosen day, with its time controls",
        "ar": "خريطة شرق آسيا في اليوم المختار، مع أدوات التحكم بالزمن",
    },
    "date": {"en": "Date", "ar": "التاريخ"},
    "layers": {"en": "Layers", "ar": "الطبقات"},
    "legend": {"en": "Legend", "ar": "دليل الخريطة"},
    "layer_territories": {"en": "Territories", "ar": "الأقاليم"},
    "layer_railways": {"en": "Railways", "ar": "السكك الحديدية"},
    "layer_movements": {"en": "Armies and fleets", "ar": "الجيوش والأساطيل"},
    "layer_events": {"en": "Events", "ar": "الأحداث"},
    "holder_japan": {"en": "Japan", "ar": "اليابان"},
    "holder_russia": {"en": "Russia", "ar": "روسيا"},
    "holder_qing": {"en": "Qing China", "ar": "الصين (أسرة تشينغ)"},
    "holder_korea": {"en": "Korea", "ar": "كوريا"},
    "holder_britain": {"en": "Britain", "ar": "بريطانيا"},
    "holder_germany": {"en": "Germany", "ar": "ألمانيا"},
    "holder_france": {"en": "France", "ar": "فرنسا"},
    "holder_other": {"en": "Other", "ar": "أخرى"},
    "side_japan": {"en": "Japan", "ar": "اليابان"},
    "side_russia": {"en": "Russia", "ar": "روسيا"},
    "side_china": {"en": "China", "ar": "الصين"},
    "side_korea": {"en": "Korea", "ar": "كوريا"},
    "side_other": {"en": "Other", "ar": "أخرى"},
    "status_sovereign": {"en": "sovereign territory", "ar": "إقليم ذو سيادة"},
    "status_lease": {"en": "leased territory", "ar": "إقليم مستأجر"},
    "status_occupation": {"en": "military occupation", "ar": "احتلال عسكري"},
    "status_protectorate": {"en": "protectorate", "ar": "محمية"},
    "status_siege": {"en": "under siege", "ar": "تحت الحصار"},
    "kind_battle": {"en": "Battle", "ar": "معركة"},
    "kind_naval_battle": {"en": "Naval battle", "ar": "معركة بحرية"},
    "kind_siege": {"en": "Siege", "ar": "حصار"},
    "kind_landing": {"en": "Landing", "ar": "إنزال"},
    "kind_occupation": {"en": "Occupation", "ar": "احتلال"},
    "kind_treaty": {"en": "Treaty", "ar": "معاهدة"},
    "kind_diplomacy": {"en": "Diplomacy", "ar": "دبلوماسية"},
    "kind_lease": {"en": "Lease", "ar": "استئجار"},
    "kind_railway": {"en": "Railway", "ar": "سكة حديد"},
    "kind_other": {"en": "Other", "ar": "حدث آخر"},
    "railway_open": {"en": "Railway open", "ar": "سكة حديد عاملة"},
    "railway_building": {"en": "Railway under construction", "ar": "سكة حديد قيد الإنشاء"},
    "railway_opened_on": {"en": "opened {date}", "ar": "افتُتحت في {date}"},
    "railway_building_since": {
        "en": "under construction since {date}",
        "ar": "قيد الإنشاء منذ {date}",
    },
    "movement_army": {"en": "Army on the move", "ar": "جيش في حركة"},
    "movement_fleet": {"en": "Fleet at sea", "ar": "أسطول في البحر"},
    "held_by": {"en": "held by {holder}", "ar": "تحت سيطرة {holder}"},
    "sovereign_is": {"en": "sovereign: {sovereign}", "ar": "السيادة الاسمية: {sovereign}"},
    "valid_from_to": {"en": "{start} – {end}", "ar": "{start} – {end}"},
    "popup_dates": {"en": "Date", "ar": "التاريخ"},
    "popup_julian": {"en": "Old Style (Julian)", "ar": "بالتقويم اليولياني (الروسي)"},
    "popup_place": {"en": "Place", "ar": "المكان"},
    "popup_strength": {"en": "Strength", "ar": "عدد القوات"},
    "popup_casualties": {"en": "Casualties", "ar": "الخسائر"},
    # What a figure measures (events.csv strength_basis / casualties_basis): one label per basis.
    "figure_strength_combatants": {"en": "Men engaged", "ar": "عدد المقاتلين في المعركة"},
    "figure_strength_committed": {
        "en": "Men committed over the whole siege or campaign",
        "ar": "مجموع القوات المشاركة طوال الحصار أو الحملة",
    },
    "figure_casualties_killed_wounded_missing": {
        "en": "Casualties (killed, wounded, missing or captured)",
        "ar": "الخسائر (قتلى وجرحى ومفقودون وأسرى)",
    },
    "figure_casualties_killed_wounded": {"en": "Casualties (killed and wounded)", "ar": "الخسائر (قتلى وجرحى)"},
    "figure_casualties_killed_captured": {"en": "Losses (killed and captured)", "ar": "الخسائر (قتلى وأسرى)"},
    "figure_casualties_killed": {"en": "Killed", "ar": "القتلى"},
    "popup_source": {"en": "Source", "ar": "المصدر"},
    "popup_note": {"en": "Note", "ar": "ملاحظة"},
    "figure_pair": {"en": "Japan {japan} · Russia {russia}", "ar": "اليابان {japan} · روسيا {russia}"},
    "holder_line": {"en": "{place}: {holder} ({status})", "ar": "{place}: {holder} ({status})"},
    "place_port_arthur": {"en": "Port Arthur", "ar": "بورت آرثر"},
    "place_mukden": {"en": "Mukden", "ar": "موكدين"},
    "place_seoul": {"en": "Seoul", "ar": "سيول"},
    "place_south_sakhalin": {"en": "South Sakhalin", "ar": "جنوب سخالين"},
    "place_taiwan": {"en": "Taiwan", "ar": "تايوان"},
    "presenter_mode": {"en": "Presenter view", "ar": "عرض المقدِّم"},
    "presenter_help": {
        "en": "Hides the editing controls and enlarges text for screen sharing",
        "ar": "يخفي أدوات التحرير ويكبّر النص للعرض على الشاشة",
    },
    "prev_event_help": {"en": "Previous event (Shift+←)", "ar": "الحدث السابق (Shift+←)"},
    "prev_day_help": {"en": "Previous day (←)", "ar": "اليوم السابق (←)"},
    "next_day_help": {"en": "Next day (→)", "ar": "اليوم التالي (→)"},
    "next_event_help": {"en": "Next event (Shift+→)", "ar": "الحدث التالي (Shift+→)"},
    "play": {"en": "▶ Play", "ar": "▶ تشغيل"},
    "pause": {"en": "⏸ Pause", "ar": "⏸ إيقاف مؤقت"},
    "play_help": {"en": "Play or pause (P)", "ar": "تشغيل أو إيقاف (P)"},
    "speed": {"en": "Speed", "ar": "السرعة"},
    "speed_day": {"en": "1 day per second", "ar": "يوم في الثانية"},
    "speed_week": {"en": "1 week per second", "ar": "أسبوع في الثانية"},
    "speed_month": {"en": "1 month per second", "ar": "شهر في الثانية"},
    "speed_year": {"en": "1 year per second", "ar": "سنة في الثانية"},
    "loop": {"en": "Loop", "ar": "تكرار"},
    "tour_start": {"en": "★ Tour", "ar": "★ جولة"},
    "tour_help": {
        "en": "Step through the key moments (T); PageDown/PageUp move on and back",
        "ar": "تنقّل بين اللحظات الحاسمة (T)؛ PageDown وPageUp للتقدم والرجوع",
    },
    # The player draws the arrows, pointing the way of the page (in RTL, back points right).
    "tour_prev": {"en": "Back", "ar": "السابق"},
    "tour_next": {"en": "Next", "ar": "التالي"},
    "tour_end": {"en": "End tour", "ar": "إنهاء الجولة"},
    "tour_position": {"en": "Key moment {index} of {total}", "ar": "اللحظة الحاسمة {index} من {total}"},
    "under_way": {"en": "Under way", "ar": "يجري الآن"},
    "moving": {"en": "On the move", "ar": "قوات في حركة"},
    "events_around": {"en": "Events around this day", "ar": "أحداث حول هذا اليوم"},
    "footer": {
        "en": "Basemap: Natural Earth (public domain). Every event cites its sources (open a marker).",
        "ar": "الخريطة الأساسية: Natural Earth (ملكية عامة). لكل حدث مصادره (افتح العلامة).",
    },
    "upload_section": {"en": "Your events", "ar": "أحداثك"},
    "upload_label": {"en": "Add your own events (CSV)", "ar": "أضف أحداثك الخاصة (ملف CSV)"},
    "upload_limit": {"en": "CSV, up to {mb} MB", "ar": "ملف CSV، حتى {mb} ميغابايت"},
    "upload_help": {
        "en": "Same columns as events.csv; at most {mb} MB. Bad rows are listed by line and field; "
        "ours stay as they are.",
        "ar": "الأعمدة نفسها كما في events.csv؛ بحد أقصى {mb} ميغابايت. تُعرض الصفوف الخاطئة بالسطر والحقل، "
        "وتبقى بياناتنا كما هي.",
    },
    # Refusals of a whole upload by a budget (map_layers.limits): one message, the numbers in it.
    "upload_refused_bytes": {
        "en": "{name} is {size} MB ({bytes} bytes), more than the {mb} MB ({limit} bytes) allowed: split it or "
        "remove columns. Nothing of it was loaded.",
        "ar": "حجم {name} هو {size} ميغابايت ({bytes} بايت)، أكثر من {mb} ميغابايت ({limit} بايت) المسموح بها: "
        "قسّمه أو احذف بعض الأعمدة. لم يُحمَّل منه شيء.",
    },
    "upload_refused_rows": {
        "en": "{name} has more than {limit} events (reading stopped at line {at_line}): split it into files of at "
        "most {limit} events. Nothing of it was loaded.",
        "ar": "يحتوي {name} على أكثر من {limit} حدث (توقفت القراءة عند السطر {at_line}): قسّمه إلى ملفات لا يزيد "
        "كل منها على {limit} حدث. لم يُحمَّل منه شيء.",
    },
    "upload_refused_columns": {
        "en": "{name} has {columns} columns; at most {limit} are accepted (events.csv has {expected}): remove the "
        "extra columns. Nothing of it was loaded.",
        "ar": "يحتوي {name} على {columns} عمودًا؛ والحد الأقصى {limit} (في events.csv {expected} عمودًا): احذف "
        "الأعمدة الزائدة. لم يُحمَّل منه شيء.",
    },
    "upload_unreadable": {
        "en": "{name} could not be read: {problem}",
        "ar": "تعذّرت قراءة {name}: {problem}",
    },
    "upload_lost": {
        "en": "Your events from {name} are no longer on the map: the server was restarted. Upload the file again.",
        "ar": "لم تعد أحداثك من {name} على الخريطة: أُعيد تشغيل الخادم. حمّل الملف مرة أخرى.",
    },
    "export_section": {"en": "Export", "ar": "التصدير"},
    "export_help_png": {"en": "Picture of this map (PNG)", "ar": "صورة لهذه الخريطة (PNG)"},
    "export_help_svg": {"en": "Vector picture (SVG)", "ar": "صورة متجهة (SVG)"},
    "export_help_pdf": {"en": "Printable page (PDF)", "ar": "صفحة للطباعة (PDF)"},
    "export_help_html": {
        "en": "Interactive map in one file that works offline, with its own slider",
        "ar": "خريطة تفاعلية في ملف واحد تعمل دون اتصال، ولها شريط زمني خاص بها",
    },
    "export_help_geojson": {
        "en": "This day's features for GIS (GeoJSON)",
        "ar": "معالم هذا اليوم لنظم المعلومات الجغرافية (GeoJSON)",
    },
    "export_help_csv": {"en": "This day's features as a table (CSV)", "ar": "معالم هذا اليوم في جدول (CSV)"},
    "export_animation": {"en": "Animation (GIF or MP4)", "ar": "رسوم متحركة (GIF أو MP4)"},
    "export_start": {"en": "From", "ar": "من"},
    "export_end": {"en": "To", "ar": "إلى"},
    "export_step": {"en": "Days between frames", "ar": "عدد الأيام بين الإطارات"},
    "export_format": {"en": "Format", "ar": "الصيغة"},
    "export_prepare": {"en": "Make the animation", "ar": "أنشئ الرسوم المتحركة"},
    "export_progress": {"en": "Frame {done} of {total}", "ar": "الإطار {done} من {total}"},
    # Background export jobs (map_layers.export.jobs).
    "job_busy_server": {
        "en": "The server is already making {running} exports, its limit: try again in a minute.",
        "ar": "الخادم مشغول بإنشاء {running} من ملفات التصدير، وهذا حدّه الأقصى: حاول مرة أخرى بعد دقيقة.",
    },
    "job_busy_session": {
        "en": "Your previous export is still being made: wait for it, or cancel it first ({running} running).",
        "ar": "ما زال تصديرك السابق قيد الإنشاء: انتظر انتهاءه أو ألغِه أولًا ({running} قيد التشغيل).",
    },
    "job_cancel": {"en": "Cancel", "ar": "إلغاء"},
    "export_download": {"en": "Download {name}", "ar": "تنزيل {name}"},
    "job_cancelled": {"en": "The export was cancelled.", "ar": "أُلغي التصدير."},
    "job_failed": {"en": "The export failed: {error}", "ar": "فشل التصدير: {error}"},
    "job_timeout": {
        "en": "The export took too long and was stopped: choose fewer frames.",
        "ar": "استغرق التصدير وقتًا طويلًا فأُوقف: اختر عددًا أقل من الإطارات.",
    },
    "job_waiting": {"en": "Starting the export…", "ar": "جارٍ بدء التصدير…"},
    "permalink": {"en": "Permalink to this view", "ar": "رابط دائم لهذا العرض"},
    "unknown": {"en": "unknown", "ar": "غير معروف"},
    "meiji": {"en": "Meiji {year}", "ar": "ميجي {year}"},
    "data_error": {
        "en": "A data file could not be loaded: {problem}",
        "ar": "تعذّر تحميل ملف بيانات: {problem}",
    },
    "bad_param": {
        "en": "Ignored URL parameter {name}: {problem}",
        "ar": "تم تجاهل معامل الرابط {name}: {problem}",
    },
    # Exports (map_layers/export): margins of static maps, the standalone HTML's controls.
    "export_old_style": {"en": "Old Style (Julian): {date}", "ar": "بالتقويم اليولياني (الروسي): {date}"},
    "export_quiet_day": {"en": "No event under way on this day", "ar": "لا يجري أي حدث في هذا اليوم"},
    "export_sources": {
        "en": "Sources: Natural Earth; events: see events.csv",
        "ar": "المصادر: Natural Earth؛ الأحداث: انظر events.csv",
    },
    "export_permalink": {"en": "Permalink: {url}", "ar": "الرابط الدائم: {url}"},
    "export_scale": {"en": "{km} km at latitude {lat}°", "ar": "{km} كم عند خط العرض {lat} درجة"},
    "export_event_current": {"en": "Event under way (large, dark ring)", "ar": "حدث جارٍ (كبير بإطار داكن)"},
    "legend_side_shape": {"en": "{side}: event marker shape", "ar": "{side}: شكل علامة الحدث"},
    "export_track": {"en": "Path travelled ({side})", "ar": "المسار المقطوع ({side})"},
    "export_head": {"en": "Position and heading ({side})", "ar": "الموقع والاتجاه ({side})"},
    "legend_front_line": {"en": "Front line", "ar": "خط الجبهة"},
    "legend_sea_transport": {"en": "Army carried by sea (dotted)", "ar": "جيش منقول بحرًا (منقّط)"},
    "export_no_font": {
        "en": "No font with Arabic glyphs found: install Debian's fonts-noto-core (Noto Sans Arabic)",
        "ar": "لا يوجد خط يدعم الحروف العربية: ثبّت الحزمة fonts-noto-core (Noto Sans Arabic)",
    },
    # Streamlit's own words, relabelled in the page's language by map_layers/app/localise.js.
    "st_skip_to_content": {"en": "Skip to main content", "ar": "انتقل إلى المحتوى الرئيسي"},
    "st_upload_button": {"en": "Upload", "ar": "اختر ملفًا"},
    "st_file_input": {"en": "file upload", "ar": "رفع ملف"},
    "st_remove_file": {"en": "Remove {name}", "ar": "أزل {name}"},
    "st_copy_clipboard": {"en": "Copy to clipboard", "ar": "انسخ إلى الحافظة"},
    "st_copied": {"en": "Copied", "ar": "نُسخ"},
    "st_add_files": {"en": "Add files", "ar": "أضف ملفات"},
    "st_add_icon": {"en": "add icon", "ar": "رمز الإضافة"},
    "st_size_kb": {"en": "{size}KB", "ar": "{size} كيلوبايت"},
    "st_size_mb": {"en": "{size}MB", "ar": "{size} ميغابايت"},
    "st_file_chip": {"en": "{name}, {size}KB", "ar": "{name}، {size} كيلوبايت"},
    "st_decrement": {"en": "Decrement", "ar": "إنقاص"},
    "st_increment": {"en": "Increment", "ar": "زيادة"},
    "st_choose_date": {"en": "Choose date", "ar": "اختر تاريخًا"},
    "st_selected_date": {"en": "Selected Date: {date}", "ar": "التاريخ المختار: {date}"},
    "st_year_of": {"en": "year, {field}", "ar": "السنة، {field}"},
    "st_month_of": {"en": "month, {field}", "ar": "الشهر، {field}"},
    "st_day_of": {"en": "day, {field}", "ar": "اليوم، {field}"},
    "st_month_value": {"en": "{number} – {month}", "ar": "{number} – {month}"},
    "st_help_for": {"en": "Help for {label}", "ar": "مساعدة: {label}"},
    "st_main_menu": {"en": "Main menu", "ar": "القائمة الرئيسية"},
    "st_chart": {"en": "Vega visualization", "ar": "رسم بياني"},
    "chart_timeline": {
        "en": "Timeline of the events, 1891–1905, by kind",
        "ar": "المخطط الزمني للأحداث، 1891–1905، حسب النوع",
    },
    "chart_figures": {"en": "Strengths and casualties of {title}", "ar": "عدد القوات والخسائر في {title}"},
    "st_show_data": {"en": "Show data", "ar": "اعرض البيانات"},
    "st_download_png": {"en": "Download as PNG", "ar": "نزّل بصيغة PNG"},
    "st_copy_spec": {"en": "Copy Vega-Lite spec", "ar": "انسخ مواصفات الرسم (Vega-Lite)"},
    "st_fullscreen": {"en": "Fullscreen", "ar": "ملء الشاشة"},
    "st_exit_fullscreen": {"en": "Exit fullscreen", "ar": "الخروج من ملء الشاشة"},
    "st_running": {"en": "Running...", "ar": "جارٍ التشغيل…"},
    "st_stop": {"en": "Stop", "ar": "إيقاف"},
    "st_rerun": {"en": "Rerun", "ar": "أعد التشغيل"},
    "st_always_rerun": {"en": "Always rerun", "ar": "أعد التشغيل دائمًا"},
    "st_connecting": {"en": "Connecting", "ar": "جارٍ الاتصال"},
    "st_connecting_tip": {"en": "Connecting to Streamlit server", "ar": "جارٍ الاتصال بالخادم"},
    "st_error": {"en": "Error", "ar": "خطأ"},
    "st_cannot_connect": {"en": "Unable to connect to Streamlit server", "ar": "تعذّر الاتصال بالخادم"},
    "st_connection_lost": {
        "en": "Connection lost. Please wait for the app to reconnect, then try again.",
        "ar": "انقطع الاتصال. انتظر حتى يعود التطبيق للاتصال ثم حاول مرة أخرى.",
    },
    # The map's time player (map_layers/js/player.js), in the app and the standalone HTML.
    "player_fullscreen": {"en": "Full screen (F)", "ar": "ملء الشاشة (F)"},
    "list_comma": {"en": ", ", "ar": "، "},  # between the items of a list in running text
    "map_zoom_in": {"en": "Zoom in", "ar": "تكبير"},
    "map_zoom_out": {"en": "Zoom out", "ar": "تصغير"},
    "map_scale_km": {"en": "{n} km", "ar": "{n} كم"},
    "map_scale_m": {"en": "{n} m", "ar": "{n} م"},
    "map_leaflet_credit": {
        "en": "A JavaScript library for interactive maps",
        "ar": "مكتبة جافاسكربت للخرائط التفاعلية",
    },
    "map_close_popup": {"en": "Close", "ar": "إغلاق"},
    "map_region": {"en": "Map", "ar": "الخريطة"},
    "tour_card": {"en": "Guided tour", "ar": "الجولة الإرشادية"},
    "player_range": {"en": "Play range", "ar": "مدى التشغيل"},
    "player_from": {"en": "From", "ar": "من"},
    "player_to": {"en": "To", "ar": "إلى"},
    "player_story": {"en": "This day", "ar": "هذا اليوم"},
    "player_recent": {"en": "Just ended: {titles}.", "ar": "انتهى للتو: {titles}."},
    "player_moving_sentence": {"en": "On the move: {units}.", "ar": "في حركة: {units}."},
    "player_no_tour": {"en": "No key moments in the data", "ar": "لا توجد لحظات حاسمة في البيانات"},
    "player_holds": {"en": "{place} is held by {holder} ({status}).", "ar": "{place} تحت سيطرة {holder} ({status})."},
    # Streamlit's own dialog texts, replaced in the page (map_layers/app/localise.py).
    "st_connection_error": {"en": "Connection error", "ar": "خطأ في الاتصال"},
    "st_server_not_responding": {
        "en": "Streamlit server is not responding. Are you connected to the internet?",
        "ar": "الخادم لا يستجيب. سيعود الاتصال تلقائيًا حين يعود الخادم؛ تحقّق من اتصالك بالشبكة.",
    },
    "st_server_stopped": {
        "en": "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:",
        "ar": "هل ما زال الخادم يعمل؟ إن أوقفته عن غير قصد فأعد تشغيله من الطرفية:",
    },
    "st_close": {"en": "Close", "ar": "إغلاق"},
    "st_try_again": {"en": "Try again", "ar": "أعد المحاولة"},
}


# Messages with a count, one text per plural category of the language (CLDR rules via babel):
# English has one/other; Arabic has zero, one, two, few (3-10), many (11-99) and other (100, 101…),
# and the noun changes with each (حدث واحد، حدثان، 3 أحداث، 11 حدثًا، 100 حدث). The count that
# chooses the form is ``count`` unless PLURAL_BY names another value.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "and_more": {  # units on the move beyond those named in the caption
        "en": {"one": "and {count} more", "other": "and {count} more"},
        "ar": {
            "zero": "",
            "one": "ووحدة أخرى",
            "two": "ووحدتان أخريان",
            "few": "و{count} وحدات أخرى",
            "many": "و{count} وحدةً أخرى",
            "other": "و{count} وحدة أخرى",
        },
    },
    "and_more_events": {  # events under way beyond those listed in the player's story
        "en": {"one": "and {count} more", "other": "and {count} more"},
        "ar": {
            "zero": "",
            "one": "وحدث آخر",
            "two": "وحدثان آخران",
            "few": "و{count} أحداث أخرى",
            "many": "و{count} حدثًا آخر",
            "other": "و{count} حدث آخر",
        },
    },
    "upload_loaded": {
        "en": {"one": "{count} event from {name} on the map", "other": "{count} events from {name} on the map"},
        "ar": {
            "zero": "لا أحداث من {name} على الخريطة",
            "one": "حدث واحد من {name} على الخريطة",
            "two": "حدثان من {name} على الخريطة",
            "few": "{count} أحداث من {name} على الخريطة",
            "many": "{count} حدثًا من {name} على الخريطة",
            "other": "{count} حدث من {name} على الخريطة",
        },
    },
    "export_frames": {
        "en": {"one": "{count} frame", "other": "{count} frames"},
        "ar": {
            "zero": "لا إطارات",
            "one": "إطار واحد",
            "two": "إطاران",
            "few": "{count} إطارات",
            "many": "{count} إطارًا",
            "other": "{count} إطار",
        },
    },
    "events_problems": {  # count = rows skipped (a row with three problems is one row)
        "en": {"one": "{count} row of {name} was skipped:", "other": "{count} rows of {name} were skipped:"},
        "ar": {
            "zero": "لم يُتخطَّ أي صف من {name}:",
            "one": "تم تخطي صف واحد من {name}:",
            "two": "تم تخطي صفّين من {name}:",
            "few": "تم تخطي {count} صفوف من {name}:",
            "many": "تم تخطي {count} صفًّا من {name}:",
            "other": "تم تخطي {count} صف من {name}:",
        },
    },
    # For the robustness branch's upload report (map_layers/upload.py there): rows choose the form.
    "upload_rows_skipped": {
        "en": {
            "one": "{rows} row of {name} was skipped (problems found: {count}); the other rows are on the map:",
            "other": "{rows} rows of {name} were skipped (problems found: {count}); the other rows are on the map:",
        },
        "ar": {
            "zero": "لم يُتخطَّ أي صف من {name} (عدد المشكلات: {count})؛ الصفوف الأخرى على الخريطة:",
            "one": "تم تخطي صف واحد من {name} (عدد المشكلات: {count})؛ الصفوف الأخرى على الخريطة:",
            "two": "تم تخطي صفّين من {name} (عدد المشكلات: {count})؛ الصفوف الأخرى على الخريطة:",
            "few": "تم تخطي {rows} صفوف من {name} (عدد المشكلات: {count})؛ الصفوف الأخرى على الخريطة:",
            "many": "تم تخطي {rows} صفًّا من {name} (عدد المشكلات: {count})؛ الصفوف الأخرى على الخريطة:",
            "other": "تم تخطي {rows} صف من {name} (عدد المشكلات: {count})؛ الصفوف الأخرى على الخريطة:",
        },
    },
    "problems_more": {  # problems counted beyond those listed
        "en": {"one": "… and {count} more", "other": "… and {count} more"},
        "ar": {
            "zero": "",
            "one": "… ومشكلة أخرى",
            "two": "… ومشكلتان أخريان",
            "few": "… و{count} مشكلات أخرى",
            "many": "… و{count} مشكلةً أخرى",
            "other": "… و{count} مشكلة أخرى",
        },
    },
    "export_sources_more": {
        "en": {"one": "(+{count} more)", "other": "(+{count} more)"},
        "ar": {
            "zero": "",
            "one": "(ومصدر آخر)",
            "two": "(ومصدران آخران)",
            "few": "(و{count} مصادر أخرى)",
            "many": "(و{count} مصدرًا آخر)",
            "other": "(و{count} مصدر آخر)",
        },
    },
    "export_event_fading": {
        "en": {
            "one": "Event ended, fading out over {days} day",
            "other": "Event ended, fading out over {days} days",
        },
        "ar": {
            "zero": "حدث انتهى",
            "one": "حدث انتهى ويتلاشى خلال يوم واحد",
            "two": "حدث انتهى ويتلاشى خلال يومين",
            "few": "حدث انتهى ويتلاشى خلال {days} أيام",
            "many": "حدث انتهى ويتلاشى خلال {days} يومًا",
            "other": "حدث انتهى ويتلاشى خلال {days} يوم",
        },
    },
}
PLURAL_BY: dict[str, str] = {"export_event_fading": "days", "upload_rows_skipped": "rows"}


def t(key: str, lang: str, **values: object) -> str:
    """The ``lang`` text of catalogue ``key``, with ``{placeholders}`` filled.

    A key of :data:`PLURALS` takes the form that the language's plural rules pick for its count
    (an int, or digits already formatted); an int count is formatted for ``lang`` here.
    """
    if key in PLURALS:
        return _plural(key, lang, values)
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def ui_text(key: str, lang: str) -> str | dict[str, str]:
    """A catalogue text for a browser to fill: a plural key gives its forms by CLDR category
    (the browser picks one with ``Intl.PluralRules``, which follows the same CLDR rules)."""
    if key in PLURALS:
        return dict(PLURALS[key].get(lang) or PLURALS[key]["en"])
    entry = CATALOGUE[key]
    return entry.get(lang) or entry["en"]


def plural_category(count: int, lang: str) -> str:
    """The CLDR plural category of ``count`` in ``lang`` (``zero``, ``one``, ``two``, ``few``, ``many``, ``other``)."""
    return Locale.parse(BABEL_LOCALES.get(lang, lang)).plural_form(abs(count))


def _plural(key: str, lang: str, values: dict[str, object]) -> str:
    name = PLURAL_BY.get(key, "count")
    count = values[name]
    number = count if isinstance(count, int) else int(str(count).replace(",", "").replace("٬", "") or 0)
    if isinstance(count, int):
        values = {**values, name: format_number(count, lang)}
    forms = PLURALS[key].get(lang) or PLURALS[key]["en"]
    category = plural_category(number, lang)
    return forms.get(category, forms["other"]).format(**values)


def direction(lang: str) -> str:
    """``rtl`` or ``ltr`` for HTML ``dir`` attributes."""
    return "rtl" if lang in RTL else "ltr"


def format_day(day: date, lang: str, style: str = "long") -> str:
    """A date as readers of ``lang`` write it (Arabic month names for ``ar``)."""
    # British order ("8 February 1904") reads the same way as the Arabic one.
    return format_date(day, format=style, locale=BABEL_LOCALES.get(lang, lang))


def format_number(value: int | float, lang: str) -> str:
    """A number with the locale's grouping, in Western digits (see module docstring)."""
    return format_decimal(value, locale="en" if lang == "en" else "ar", numbering_system="latn")


def label(prefix: str, value: str, lang: str) -> str:
    """The translated label of an enumerated value (``holder_japan`` …), or the value."""
    key = f"{prefix}_{value}"
    return t(key, lang) if key in CATALOGUE else value


def vega_locale(lang: str) -> dict[str, object]:
    """Vega's time-format locale for ``lang`` (month and day names on chart axes), from babel."""
    locale = BABEL_LOCALES.get(lang, lang)

    def names(getter: Callable[..., Mapping[int, str]], width: str, order: list[int]) -> list[str]:
        table = getter(width, locale=locale)
        return [str(table[i]) for i in order]

    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # babel counts from Monday, d3 from Sunday
    return {
        "time": {
            "dateTime": "%x, %X",
            "date": "%-d/%-m/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"] if lang == "en" else ["ص", "م"],
            "days": names(get_day_names, "wide", sunday_first),
            "shortDays": names(get_day_names, "abbreviated", sunday_first),
            "months": names(get_month_names, "wide", list(range(1, 13))),
            "shortMonths": names(get_month_names, "abbreviated", list(range(1, 13))),
        }
    }
