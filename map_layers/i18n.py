"""Every string the app shows, in English and Arabic, and locale-aware formatting.

One catalogue, one lookup (:func:`t`). Dates and numbers go through babel so
Arabic gets Arabic month names. Digits: we use Western digits (0-9) in both
languages, as the seed article and most Arabic news sites on this period do,
and because the dates in the data, URLs and exports are written that way too.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
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
    "tour_prev": {"en": "◀ Back", "ar": "◀ السابق"},
    "tour_next": {"en": "Next ▶", "ar": "التالي ▶"},
    "tour_end": {"en": "End tour", "ar": "إنهاء الجولة"},
    "tour_position": {"en": "Key moment {index} of {total}", "ar": "اللحظة الحاسمة {index} من {total}"},
    "and_more": {"en": "and {count} more", "ar": "و{count} غيرها"},
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
    "upload_too_big": {
        "en": "{name} is {size} MB, more than the {mb} MB allowed: split it or remove columns. "
        "Nothing of it was loaded.",
        "ar": "حجم {name} هو {size} ميغابايت، أكثر من {mb} ميغابايت المسموح بها: قسّمه أو احذف بعض الأعمدة. "
        "لم يُحمَّل منه شيء.",
    },
    "upload_loaded": {"en": "{count} event(s) from {name} on the map", "ar": "{count} حدثًا من {name} على الخريطة"},
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
    "export_frames": {"en": "{count} frame(s)", "ar": "{count} إطارًا"},
    "export_prepare": {"en": "Make the animation", "ar": "أنشئ الرسوم المتحركة"},
    "export_progress": {"en": "Frame {done} of {total}", "ar": "الإطار {done} من {total}"},
    "permalink": {"en": "Permalink to this view", "ar": "رابط دائم لهذا العرض"},
    "unknown": {"en": "unknown", "ar": "غير معروف"},
    "meiji": {"en": "Meiji {year}", "ar": "ميجي {year}"},
    "data_error": {
        "en": "A data file could not be loaded: {problem}",
        "ar": "تعذّر تحميل ملف بيانات: {problem}",
    },
    "events_problems": {
        "en": "{count} row(s) of {name} were skipped:",
        "ar": "تم تخطي {count} من صفوف {name}:",
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
    "export_sources_more": {"en": "(+{count} more)", "ar": "(و{count} أخرى)"},
    "export_permalink": {"en": "Permalink: {url}", "ar": "الرابط الدائم: {url}"},
    "export_scale": {"en": "{km} km at latitude {lat}°", "ar": "{km} كم عند خط العرض {lat} درجة"},
    "export_event_current": {"en": "Event under way (large, dark ring)", "ar": "حدث جارٍ (كبير بإطار داكن)"},
    "export_event_fading": {
        "en": "Event ended, fading out over {days} days",
        "ar": "حدث انتهى ويتلاشى خلال {days} أيام",
    },
    "export_side_letters": {
        "en": "Letter = side: J Japan, R Russia, C China, K Korea",
        "ar": "الحرف = الطرف: J اليابان، R روسيا، C الصين، K كوريا",
    },
    "export_track": {"en": "Path travelled ({side})", "ar": "المسار المقطوع ({side})"},
    "export_head": {"en": "Position and heading ({side})", "ar": "الموقع والاتجاه ({side})"},
    "legend_front_line": {"en": "Front line", "ar": "خط الجبهة"},
    "legend_sea_transport": {"en": "Army carried by sea (dotted)", "ar": "جيش منقول بحرًا (منقّط)"},
    "export_no_font": {
        "en": "No font with Arabic glyphs found: install Debian's fonts-noto-core (Noto Sans Arabic)",
        "ar": "لا يوجد خط يدعم الحروف العربية: ثبّت الحزمة fonts-noto-core (Noto Sans Arabic)",
    },
    # The map's time player (map_layers/js/player.js), in the app and the standalone HTML.
    "player_fullscreen": {"en": "Full screen (F)", "ar": "ملء الشاشة (F)"},
    "player_range": {"en": "Play range", "ar": "مدى التشغيل"},
    "player_from": {"en": "From", "ar": "من"},
    "player_to": {"en": "To", "ar": "إلى"},
    "player_story": {"en": "This day", "ar": "هذا اليوم"},
    "player_recent": {"en": "Just ended: {titles}.", "ar": "انتهى للتو: {titles}."},
    "player_moving_sentence": {"en": "On the move: {units}.", "ar": "في حركة: {units}."},
    "player_no_tour": {"en": "No key moments in the data", "ar": "لا توجد لحظات حاسمة في البيانات"},
    "player_holds": {"en": "{place} is held by {holder} ({status}).", "ar": "{place} تحت سيطرة {holder} ({status})."},
}


def t(key: str, lang: str, **values: object) -> str:
    """The ``lang`` text of catalogue ``key``, with ``{placeholders}`` filled."""
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


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
